#include "sim/runbook/cert_query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include "sim/core/regex.hpp"
#include <set>

#include "sim/core/text.hpp"
#include "sim/core/text_pattern.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

std::string property_of(const StoreEntry& e, const std::string& prop, const ServerState& state) {
    const Certificate& c = e.certificate;
    std::string p = lower(prop);
    if (p == "thumbprint") return c.thumbprint();
    if (p == "subject") return c.subject();
    if (p == "issuer") return c.issuer();
    if (p == "friendlyname") return e.friendly_name;
    if (p == "notafter") return format_iso(c.not_after());
    if (p == "notbefore") return format_iso(c.not_before());
    if (p == "serialnumber") return c.serial_number();
    if (p == "hasprivatekey") return e.has_private_key ? "True" : "False";
    if (p == "services") {
        auto it = state.exchange.services.find(c.thumbprint());
        return it == state.exchange.services.end() ? "None" : join(it->second, ", ");
    }
    if (p == "dnsnamelist" || p == "certificatedomains") return join(c.dns_names(), ", ");
    return "\x01";  // unknown property
}

namespace {

const std::set<std::string> known_properties = {"thumbprint", "subject",      "issuer",        "friendlyname",
                                                "notafter",   "notbefore",    "serialnumber",  "hasprivatekey",
                                                "services",   "dnsnamelist",  "certificatedomains"};

}  // namespace

std::optional<Filter> parse_filter(const std::string& stage, std::string& problem) {
    static const Regex where(R"((?:Where-Object|Where|\?)\s*\{\s*\$_\.(\w+)\s+-(eq|ne|like|notlike|match|gt|lt)\s+(.+?)\s*\})",
                             Regex::icase);
    static const Regex sort(R"(Sort-Object\s+(?:-Property\s+)?(\w+)(\s+-Descending)?)", Regex::icase);
    static const Regex select(R"(Select-Object\s+-First\s+(\d+))", Regex::icase);
    RegexMatch m;
    if (where.full_match(stage, &m)) {
        std::string prop = lower(m[1]), op = lower(m[2]), value = unquote(trim(m[3]));
        if (!known_properties.count(prop)) {
            problem = "property " + m[1] + " is not supported by the simulator";
            return std::nullopt;
        }
        // -match takes .NET's regular expression syntax, case-insensitive (about_Comparison_Operators):
        // compiled here, so that a pattern that cannot compile is refused when the runbook loads.
        std::shared_ptr<const Regex> pattern;
        if (op == "match") {
            try {
                pattern = std::make_shared<const Regex>(value, Regex::icase);
            } catch (const RegexSyntaxError& e) {
                problem = fmt::format("-match \"{}\": not a regular expression: {} (at character {} of the pattern)", value,
                                      e.what(), e.offset() + 1);
                return std::nullopt;
            }
        }
        return Filter([prop, op, value, pattern](std::vector<const StoreEntry*>& v, const ServerState& s) {
            std::vector<const StoreEntry*> keep;
            for (auto* e : v) {
                std::string x = property_of(*e, prop, s);
                bool r = op == "eq"        ? iequals(x, value)
                         : op == "ne"      ? !iequals(x, value)
                         : op == "like"    ? like_match(value, x)
                         : op == "notlike" ? !like_match(value, x)
                         : op == "match"   ? pattern->search(x)
                         : op == "gt"      ? x > (parse_date_arg(value, s.clock) ? format_iso(*parse_date_arg(value, s.clock)) : value)
                                           : x < (parse_date_arg(value, s.clock) ? format_iso(*parse_date_arg(value, s.clock)) : value);
                if (r) keep.push_back(e);
            }
            v = keep;
        });
    }
    if (sort.full_match(stage, &m)) {
        std::string prop = lower(m[1]);
        bool desc = m.matched(2);
        return Filter([prop, desc](std::vector<const StoreEntry*>& v, const ServerState& s) {
            std::stable_sort(v.begin(), v.end(), [&](auto* a, auto* b) {
                return desc ? property_of(*a, prop, s) > property_of(*b, prop, s)
                            : property_of(*a, prop, s) < property_of(*b, prop, s);
            });
        });
    }
    if (select.full_match(stage, &m)) {
        // -First is an Int32 (found by tests/fuzz: a longer number threw std::out_of_range).
        std::string digits = m[1];
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
        if (digits.size() > 10 || std::stoll(digits) > 2147483647) {
            problem = "Select-Object -First " + m[1] + ": the count must be at most 2147483647 (an Int32)";
            return std::nullopt;
        }
        size_t n = size_t(std::stoll(digits));
        return Filter([n](std::vector<const StoreEntry*>& v, const ServerState&) {
            if (v.size() > n) v.resize(n);
        });
    }
    problem = "'" + stage + "' is not supported by the simulator (pipes: Where-Object {$_.Property -eq|-ne|-like \"value\"}, "
              "Sort-Object Property [-Descending], Select-Object -First N)";
    return std::nullopt;
}

std::optional<CertQuery> parse_cert_source(const std::string& stage, std::string& problem) {
    auto tokens = tokenize(stage);
    if (tokens.empty()) return std::nullopt;
    std::string cmd = lower(tokens[0]);
    CertQuery q;
    if (cmd == "get-childitem" || cmd == "dir" || cmd == "ls" || cmd == "gci") {
        if (tokens.size() < 2) {
            problem = "Get-ChildItem needs Cert:\\LocalMachine\\<store>";
            return std::nullopt;
        }
        std::string path = unquote(tokens[1]);
        static const Regex cert_path(R"(Cert:\\LocalMachine\\(\w+)(?:\\([0-9A-Fa-f]{40}))?)", Regex::icase);
        RegexMatch m;
        if (!cert_path.full_match(path, &m) || !parse_store_name(m[1])) {
            problem = "'" + path + "' is not supported by the simulator (Cert:\\LocalMachine\\My, Root, CA or WebHosting)";
            return std::nullopt;
        }
        q.store = *parse_store_name(m[1]);
        if (m.matched(2)) q.thumbprint = upper_hex(m[2]);
        return q;
    }
    if (cmd == "get-exchangecertificate") {
        q.exchange = true;
        Args a = parse_args(tokens, true);
        if (a.has("thumbprint")) q.thumbprint = upper_hex(a.get("thumbprint"));
        else if (!a.positional.empty()) q.thumbprint = upper_hex(unquote(a.positional[0]));
        return q;
    }
    return std::nullopt;
}

std::vector<const StoreEntry*> run_query(const CertQuery& q, const std::vector<Filter>& filters, const ServerState& s) {
    std::vector<const StoreEntry*> v;
    if (const CertificateStore* store = s.find_store(q.exchange ? StoreName::My : q.store))
        for (auto& e : store->entries)
            if (q.thumbprint.empty() || e.certificate.thumbprint() == q.thumbprint) v.push_back(&e);
    for (auto& f : filters) f(v, s);
    return v;
}

// Runs a certificate query pipeline, or returns nullopt if `text` is not one.
std::optional<std::vector<const StoreEntry*>> try_query(const std::string& text, const ServerState& state, bool& exchange,
                                                        StoreName& store, std::string& problem) {
    auto stages = split_pipeline(text);
    auto source = parse_cert_source(stages[0], problem);
    if (!source) return std::nullopt;
    std::vector<Filter> filters;
    for (size_t i = 1; i < stages.size(); ++i) {
        auto f = parse_filter(stages[i], problem);
        if (!f) return std::nullopt;
        filters.push_back(*f);
    }
    exchange = source->exchange;
    store = source->store;
    return run_query(*source, filters, state);
}

}  // namespace cusim::runbook
