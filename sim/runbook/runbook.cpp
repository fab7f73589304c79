#include "sim/runbook/runbook.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "sim/x509/cert_file.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/setup/setup_run.hpp"
#include "sim/core/text.hpp"

namespace cusim {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string unquote(const std::string& s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) return s.substr(1, s.size() - 2);
    return s;
}

// ---------------------------------------------------------------- tokens

// Splits where `is_separator` holds outside quotes, parentheses and braces.
template <typename IsSeparator>
std::vector<std::string> split_outside_nesting(const std::string& line, IsSeparator is_separator) {
    std::vector<std::string> out;
    std::string cur;
    char quote = 0;
    int depth = 0;
    for (char c : line) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '(' || c == '{') {
            ++depth;
        } else if (c == ')' || c == '}') {
            --depth;
        } else if (depth == 0 && is_separator(c)) {
            out.push_back(cur);
            cur.clear();
            continue;
        }
        cur += c;
    }
    out.push_back(cur);
    return out;
}

// Splits a command line on blanks; "a, b" lists are joined into one token.
std::vector<std::string> tokenize(const std::string& line) {
    std::vector<std::string> joined;
    for (auto& t : split_outside_nesting(line, [](char c) { return c == ' ' || c == '\t'; })) {
        if (t.empty()) continue;
        if (!joined.empty() && (joined.back().back() == ',' || t.front() == ',')) joined.back() += t;
        else joined.push_back(t);
    }
    return joined;
}

// Splits a pipeline on |.
std::vector<std::string> split_pipeline(const std::string& line) {
    std::vector<std::string> stages;
    for (auto& stage : split_outside_nesting(line, [](char c) { return c == '|'; })) stages.push_back(trim(stage));
    return stages;
}

// PowerShell-style parameters: -Name value, -Switch, -Name:value; the rest positional.
struct Args {
    std::string command;
    std::map<std::string, std::string> named;  // lower-case name -> value ("$true" for a switch)
    std::vector<std::string> positional;

    bool has(const std::string& n) const { return named.count(n) > 0; }
    std::string get(const std::string& n, const std::string& fallback = "") const {
        auto it = named.find(n);
        return it == named.end() ? fallback : unquote(it->second);
    }
};

bool is_parameter(const std::string& t) {
    return t.size() > 1 && t[0] == '-' && std::isalpha(static_cast<unsigned char>(t[1]));
}

Args parse_args(const std::vector<std::string>& tokens, bool powershell) {
    Args a;
    a.command = tokens.empty() ? "" : tokens[0];
    for (size_t i = 1; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (powershell && is_parameter(t)) {
            std::string name = lower(t.substr(1));
            auto colon = name.find(':');
            if (colon != std::string::npos) {
                a.named[name.substr(0, colon)] = t.substr(colon + 2);
                continue;
            }
            if (i + 1 < tokens.size() && !is_parameter(tokens[i + 1])) a.named[name] = tokens[++i];
            else a.named[name] = "$true";
        } else {
            a.positional.push_back(t);
        }
    }
    return a;
}

// Windows paths in a runbook ("..\..\fixtures\pfx\a.pfx") name files relative to the runbook.
std::string native_path(const std::string& p) {
    std::string out = unquote(p);
    std::replace(out.begin(), out.end(), '\\', '/');
    return out;
}

std::vector<std::string> split_list(const std::string& v) {
    std::vector<std::string> out;
    if (trim(v) == "@()") return out;
    std::stringstream ss(unquote(v));
    for (std::string item; std::getline(ss, item, ',');) {
        item = unquote(trim(item));
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

// ---------------------------------------------------------------- the interpreter's state

struct Session {
    std::map<std::string, std::string> vars;  // name (lower case) -> value; objects are their thumbprint
};

struct LineContext {
    ActionContext& ctx;
    Session& session;
    const InputFolder& folder;
};

using Handler = std::function<ActionResult(const std::string& text, LineContext&)>;

ActionResult ok(std::string output = "") { return {true, std::move(output)}; }
ActionResult error(std::string message) { return {false, std::move(message)}; }

// A date argument: "2024-05-30", "5/30/2024 9:00 AM" is not supported; (Get-Date) and
// (Get-Date).AddYears/AddMonths/AddDays(n) are, relative to the simulated clock.
std::optional<SimTime> parse_date_arg(const std::string& raw, SimTime now) {
    std::string v = unquote(trim(raw));
    if (lower(v) == "(get-date)") return now;
    std::smatch m;
    static const std::regex add(R"(\(Get-Date\)\.Add(Years|Months|Days|Hours)\((-?\d+)\))", std::regex::icase);
    if (std::regex_match(v, m, add)) {
        long long n = std::stoll(m[2]);
        std::string unit = lower(m[1]);
        if (unit == "years") return now + std::chrono::days{365 * n};
        if (unit == "months") return now + std::chrono::days{30 * n};
        if (unit == "days") return now + std::chrono::days{n};
        return now + std::chrono::hours{n};
    }
    return parse_iso_time(v);
}

// ---------------------------------------------------------------- certificate pipelines

struct CertQuery {
    StoreName store = StoreName::My;
    bool exchange = false;  // Get-ExchangeCertificate (My only)
    std::string thumbprint;
};

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

const std::set<std::string> known_properties = {"thumbprint", "subject",      "issuer",        "friendlyname",
                                                "notafter",   "notbefore",    "serialnumber",  "hasprivatekey",
                                                "services",   "dnsnamelist",  "certificatedomains"};

bool like(const std::string& pattern, const std::string& value) {
    std::string re;
    for (char c : lower(pattern)) {
        if (c == '*') re += ".*";
        else if (c == '?') re += '.';
        else if (std::isalnum(static_cast<unsigned char>(c))) re += c;
        else re += std::string("\\") + c;
    }
    return std::regex_match(lower(value), std::regex(re));
}

// Where-Object { $_.Prop -op "value" }, Sort-Object Prop [-Descending], Select-Object -First N.
using Filter = std::function<void(std::vector<const StoreEntry*>&, const ServerState&)>;

std::optional<Filter> parse_filter(const std::string& stage, std::string& problem) {
    static const std::regex where(R"((?:Where-Object|Where|\?)\s*\{\s*\$_\.(\w+)\s+-(eq|ne|like|notlike|match|gt|lt)\s+(.+?)\s*\})",
                                  std::regex::icase);
    static const std::regex sort(R"(Sort-Object\s+(?:-Property\s+)?(\w+)(\s+-Descending)?)", std::regex::icase);
    static const std::regex select(R"(Select-Object\s+-First\s+(\d+))", std::regex::icase);
    std::smatch m;
    if (std::regex_match(stage, m, where)) {
        std::string prop = lower(m[1]), op = lower(m[2]), value = unquote(trim(m[3]));
        if (!known_properties.count(prop)) {
            problem = "property " + std::string(m[1]) + " is not supported by the simulator";
            return std::nullopt;
        }
        return Filter([prop, op, value](std::vector<const StoreEntry*>& v, const ServerState& s) {
            std::vector<const StoreEntry*> keep;
            for (auto* e : v) {
                std::string x = property_of(*e, prop, s);
                bool r = op == "eq"        ? iequals(x, value)
                         : op == "ne"      ? !iequals(x, value)
                         : op == "like"    ? like(value, x)
                         : op == "notlike" ? !like(value, x)
                         : op == "match"   ? std::regex_search(lower(x), std::regex(lower(value)))
                         : op == "gt"      ? x > (parse_date_arg(value, s.clock) ? format_iso(*parse_date_arg(value, s.clock)) : value)
                                           : x < (parse_date_arg(value, s.clock) ? format_iso(*parse_date_arg(value, s.clock)) : value);
                if (r) keep.push_back(e);
            }
            v = keep;
        });
    }
    if (std::regex_match(stage, m, sort)) {
        std::string prop = lower(m[1]);
        bool desc = m[2].matched;
        return Filter([prop, desc](std::vector<const StoreEntry*>& v, const ServerState& s) {
            std::stable_sort(v.begin(), v.end(), [&](auto* a, auto* b) {
                return desc ? property_of(*a, prop, s) > property_of(*b, prop, s)
                            : property_of(*a, prop, s) < property_of(*b, prop, s);
            });
        });
    }
    if (std::regex_match(stage, m, select)) {
        size_t n = size_t(std::stoul(m[1]));
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
        static const std::regex cert_path(R"(Cert:\\LocalMachine\\(\w+)(?:\\([0-9A-Fa-f]{40}))?)", std::regex::icase);
        std::smatch m;
        if (!std::regex_match(path, m, cert_path) || !parse_store_name(m[1])) {
            problem = "'" + path + "' is not supported by the simulator (Cert:\\LocalMachine\\My, Root, CA or WebHosting)";
            return std::nullopt;
        }
        q.store = *parse_store_name(m[1]);
        if (m[2].matched) q.thumbprint = upper_hex(m[2]);
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

// ---------------------------------------------------------------- commands

struct Command {
    std::string tool;
    std::set<std::string> params;  // allowed PowerShell parameters (lower case); empty for cmd tools
    Handler run;
};

ActionResult action(const std::string& name, Json params, LineContext& lc) {
    return run_action(name, params, lc.ctx, lc.folder);
}

Json by_thumbprint(const std::string& t) { return Json{{"thumbprint", upper_hex(t)}}; }

std::optional<IisBinding> find_web_binding(const ServerState& s, const Args& a, std::string& site) {
    site = a.get("name", "Default Web Site");
    const IisSite* st = s.find_site(site);
    if (!st) return std::nullopt;
    for (auto& b : st->bindings) {
        if (a.has("protocol") && !iequals(b.protocol, a.get("protocol"))) continue;
        std::string endpoint = http_sys_endpoint(b);
        std::string ip = endpoint.substr(0, endpoint.find(':')), port = endpoint.substr(endpoint.find(':') + 1);
        if (a.has("port") && a.get("port") != port) continue;
        if (a.has("ipaddress")) {
            std::string want = a.get("ipaddress");
            if (want == "*") want = "0.0.0.0";
            if (want != ip) continue;
        }
        return b;
    }
    return std::nullopt;
}

std::map<std::string, Command> make_commands() {
    std::map<std::string, Command> c;

    c["netsh"] = {"netsh", {}, [](const std::string& text, LineContext& lc) -> ActionResult {
        auto t = tokenize(text);
        if (t.size() < 4 || lower(t[1]) != "http" || lower(t[3]) != "sslcert")
            return error("netsh: only `netsh http show|add|update|delete sslcert` is supported by the simulator");
        std::map<std::string, std::string> kv;
        for (size_t i = 4; i < t.size(); ++i) {
            auto eq = t[i].find('=');
            if (eq == std::string::npos) return error("netsh: '" + t[i] + "' is not key=value");
            kv[lower(t[i].substr(0, eq))] = unquote(t[i].substr(eq + 1));
        }
        std::string verb = lower(t[2]);
        if (verb == "show") return ok(netsh_show_sslcert(lc.ctx.state, kv["ipport"]));
        if (!kv.count("ipport")) return error("netsh: ipport= is required");
        if (verb == "delete") return action("netsh-delete-sslcert", {{"ipport", kv["ipport"]}}, lc);
        if (verb != "add" && verb != "update") return error("netsh: unknown verb " + t[2]);
        Json p = {{"ipport", kv["ipport"]}, {"certificate", by_thumbprint(kv["certhash"])}};
        if (kv.count("appid")) p["appid"] = kv["appid"];
        if (kv.count("certstorename")) p["certstorename"] = kv["certstorename"];
        return action(verb == "add" ? "netsh-add-sslcert" : "netsh-update-sslcert", p, lc);
    }};

    c["certutil"] = {"certutil", {}, [](const std::string& text, LineContext& lc) -> ActionResult {
        auto t = tokenize(text);
        std::string csp, password;
        std::vector<std::string> rest;
        for (size_t i = 1; i < t.size(); ++i) {
            std::string l = lower(t[i]);
            if (l == "-csp" && i + 1 < t.size()) csp = unquote(t[++i]);
            else if (l == "-p" && i + 1 < t.size()) password = unquote(t[++i]);
            else rest.push_back(t[i]);
        }
        if (rest.empty()) return error("certutil: no verb");
        std::string verb = lower(rest[0]);
        auto store_arg = [&](size_t i) { return i < rest.size() ? parse_store_name(unquote(rest[i])) : std::nullopt; };
        // certutil takes a thumbprint or a serial number.
        auto find = [&](StoreName st, const std::string& id) -> const StoreEntry* {
            const CertificateStore* s = lc.ctx.state.find_store(st);
            if (!s) return nullptr;
            std::string want = upper_hex(id);
            for (auto& e : s->entries)
                if (e.certificate.thumbprint() == want || e.certificate.serial_number() == want ||
                    e.certificate.serial_number() == "00" + want)
                    return &e;
            return nullptr;
        };
        if (verb == "-store") {
            auto st = store_arg(1);
            if (!st) return error("certutil: -store needs a store name (my, root, ca, webhosting)");
            std::vector<const StoreEntry*> v;
            if (rest.size() > 2) {
                if (auto* e = find(*st, unquote(rest[2]))) v.push_back(e);
                else return error("CertUtil: -store command FAILED: 0x80090011 (-2146893807 NTE_NOT_FOUND)\nCertUtil: Object was not found.");
            } else if (auto* s = lc.ctx.state.find_store(*st)) {
                for (auto& e : s->entries) v.push_back(&e);
            }
            return ok(certutil_store(lc.ctx.state, *st, v));
        }
        if (verb == "-repairstore" || verb == "-delstore") {
            auto st = store_arg(1);
            if (!st || rest.size() < 3) return error("certutil: " + rest[0] + " <store> <thumbprint|serial>");
            const StoreEntry* e = find(*st, unquote(rest[2]));
            if (verb == "-delstore") {
                if (!e) return error("CertUtil: -delstore command FAILED: 0x80090011 (-2146893807 NTE_NOT_FOUND)\nCertUtil: Object was not found.");
                auto r = action("remove-certificate", {{"certificate", by_thumbprint(e->certificate.thumbprint())}, {"store", to_string(*st)}}, lc);
                if (r.ok) r.output = "CertUtil: -delstore command completed successfully.";
                return r;
            }
            return action("certutil-repairstore", {{"certificate", by_thumbprint(e ? e->certificate.thumbprint() : std::string(40, '0'))}}, lc);
        }
        if (verb == "-importpfx") {
            if (rest.size() < 2) return error("certutil: -importpfx <file>");
            Json p = {{"file", native_path(rest.back())}, {"password", password}};
            if (!csp.empty()) p["csp"] = csp;
            return action("certutil-importpfx", p, lc);
        }
        return error("certutil " + rest[0] + " is not supported by the simulator");
    }};

    c["iisreset"] = {"iisreset", {}, [](const std::string&, LineContext& lc) { return action("iisreset", Json::object(), lc); }};

    auto service = [](const std::string& verb) {
        return Command{"PowerShell", {"name", "startuptype", "force"}, [verb](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            std::string name = a.has("name") ? a.get("name") : (a.positional.empty() ? "" : unquote(a.positional[0]));
            if (name.empty()) return error(a.command + ": no service name");
            // w32time is Windows Time: stopping or disabling it keeps a changed clock (case 3).
            if (iequals(name, "w32time")) {
                bool off = verb == "stop" || (verb == "set" && iequals(a.get("startuptype"), "Disabled"));
                return action(off ? "disable-time-sync" : "enable-time-sync", Json::object(), lc);
            }
            if (verb == "set") return ok();  // startup types of the Exchange services: setup sets them again
            if (verb == "stop") return ok();
            return action("restart-service", {{"name", name}}, lc);
        }};
    };
    c["restart-service"] = service("restart");
    c["start-service"] = service("restart");
    c["stop-service"] = service("stop");
    c["set-service"] = service("set");

    c["set-date"] = {"PowerShell", {"date"}, [](const std::string& text, LineContext& lc) -> ActionResult {
        Args a = parse_args(tokenize(text), true);
        std::string d = a.has("date") ? a.get("date") : (a.positional.empty() ? "" : a.positional[0]);
        auto t = parse_date_arg(d, lc.ctx.state.clock);
        if (!t) return error("Set-Date : Cannot bind parameter 'Date'. Cannot convert value \"" + unquote(d) + "\" to type \"System.DateTime\".");
        return action("set-clock", {{"to", format_iso(*t)}}, lc);
    }};

    c["new-selfsignedcertificate"] = {"PowerShell", {"dnsname", "certstorelocation", "notafter", "friendlyname", "provider", "subject"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            auto names = split_list(a.get("dnsname"));
            if (names.empty() && !a.has("subject")) return error("New-SelfSignedCertificate : the DnsName or Subject parameter is required");
            std::string loc = a.get("certstorelocation", "Cert:\\LocalMachine\\My");
            static const std::regex path(R"(Cert:\\LocalMachine\\(\w+))", std::regex::icase);
            std::smatch m;
            if (!std::regex_match(loc, m, path) || !parse_store_name(m[1])) return error("New-SelfSignedCertificate : unsupported CertStoreLocation " + loc);
            auto& state = lc.ctx.state;
            CertSpec spec;
            spec.subject = a.has("subject") ? a.get("subject") : "CN=" + names[0];
            if (spec.subject.find('=') == std::string::npos) spec.subject = "CN=" + spec.subject;
            spec.dns_names = names;
            spec.not_before = state.clock - std::chrono::minutes{10};
            auto na = a.has("notafter") ? parse_date_arg(a.named.at("notafter"), state.clock) : std::optional<SimTime>(state.clock + std::chrono::days{365});
            if (!na) return error("New-SelfSignedCertificate : cannot convert NotAfter");
            spec.not_after = *na;
            spec.serial_hex = state.next_serial(0x200);
            spec.key_usage = {"Digital Signature", "Key Encipherment"};
            spec.extended_key_usage = {"Client Authentication", "Server Authentication"};
            // Its default provider is the CNG "Microsoft Software Key Storage Provider" (R7 applies).
            KeyProvider provider = a.has("provider") && a.get("provider") == provider_display_name(KeyProvider::capi) ? KeyProvider::capi : KeyProvider::cng;
            StoreName st = *parse_store_name(m[1]);
            return ok(cert_drive_table(st, {&state.add_new_certificate(st, spec, provider, a.get("friendlyname"))}));
        }};

    c["import-pfxcertificate"] = {"PowerShell", {"filepath", "certstorelocation", "password", "exportable"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            std::string loc = a.get("certstorelocation", "Cert:\\LocalMachine\\My");
            auto store = parse_store_name(loc.substr(loc.rfind('\\') + 1));
            Json p = {{"file", native_path(a.get("filepath"))}, {"password", a.get("password")}, {"store", store ? to_string(*store) : "My"}};
            auto r = action("import-pfx", p, lc);
            if (r.ok && store) {
                const auto& entries = lc.ctx.state.store(*store).entries;
                r.output = cert_drive_table(*store, {&entries.back()});
            }
            return r;
        }};

    c["remove-item"] = {"PowerShell", {"path", "force"}, [](const std::string& text, LineContext& lc) -> ActionResult {
        Args a = parse_args(tokenize(text), true);
        std::string path = a.has("path") ? a.get("path") : (a.positional.empty() ? "" : unquote(a.positional[0]));
        static const std::regex cert(R"(Cert:\\LocalMachine\\(\w+)\\([0-9A-Fa-f]{40}))", std::regex::icase);
        std::smatch m;
        if (!std::regex_match(path, m, cert) || !parse_store_name(m[1]))
            return error("Remove-Item: only Cert:\\LocalMachine\\<store>\\<thumbprint> is supported by the simulator");
        std::string thumb = upper_hex(m[2]);
        StoreName st = *parse_store_name(m[1]);
        if (!lc.ctx.state.store(st).find(thumb))
            return error(fmt::format("Remove-Item : Cannot find path '{}' because it does not exist.", path));
        auto r = action("remove-certificate", {{"certificate", by_thumbprint(thumb)}, {"store", to_string(st)}}, lc);
        if (r.ok) r.output = "";
        return r;
    }};

    c["get-webbinding"] = {"PowerShell", {"name", "protocol", "port", "ipaddress"}, [](const std::string& text, LineContext& lc) -> ActionResult {
        Args a = parse_args(tokenize(text), true);
        std::vector<IisBinding> out;
        for (auto& site : lc.ctx.state.sites) {
            if (a.has("name") && !iequals(site.name, a.get("name"))) continue;
            for (auto& b : site.bindings) {
                if (a.has("protocol") && !iequals(b.protocol, a.get("protocol"))) continue;
                out.push_back(b);
            }
        }
        return ok(web_binding_table(out));
    }};

    c["new-webbinding"] = {"PowerShell", {"name", "protocol", "port", "ipaddress", "hostheader", "sslflags"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            std::string site = a.get("name", "Default Web Site");
            for (auto& s : lc.ctx.state.sites) {
                if (!iequals(s.name, site)) continue;
                std::string ip = a.get("ipaddress", "*");
                std::string info = ip + ":" + a.get("port", "80") + ":" + a.get("hostheader");
                for (auto& b : s.bindings)
                    if (b.binding_information == info && iequals(b.protocol, a.get("protocol", "http")))
                        return error(fmt::format("New-WebBinding : Cannot add duplicate collection entry of type 'binding' with "
                                                 "combined key attributes 'protocol, bindingInformation' respectively set to '{}, {}'",
                                                 a.get("protocol", "http"), info));
                s.bindings.push_back({lower(a.get("protocol", "http")), info, std::atoi(a.get("sslflags", "0").c_str())});
                return ok();
            }
            return error("New-WebBinding : Cannot find site '" + site + "'");
        }};

    c["setup"] = {"setup.exe", {}, [](const std::string& text, LineContext& lc) -> ActionResult {
        std::string l = lower(text);
        if (l.find("/m:upgrade") == std::string::npos && l.find("/mode:upgrade") == std::string::npos)
            return error("setup: only /m:upgrade (/mode:Upgrade) is supported by the simulator");
        if (l.find("/iacceptexchangeserverlicenseterms") == std::string::npos)
            return error("The license terms must be accepted: add /IAcceptExchangeServerLicenseTerms_DiagnosticDataON or "
                         "/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF.");
        SetupResult r = run_setup(lc.ctx.state);
        lc.ctx.state = r.state;
        if (!r.completed) return {false, r.console, r.error->step, r.error->exception.first_line(), r.log};
        return {true, r.console, "", "", r.log};
    }};

    // ---- Exchange cmdlets
    c["get-exchangecertificate"] = {"Exchange Management Shell", {"thumbprint", "server"}, nullptr};  // handled as a query
    c["get-childitem"] = {"PowerShell", {}, nullptr};
    c["new-exchangecertificate"] = {"Exchange Management Shell",
        {"subjectname", "domainname", "friendlyname", "services", "keysize", "privatekeyexportable", "force"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            Json p = {{"friendlyName", a.get("friendlyname", "Microsoft Exchange")},
                      // -Force answers the "Overwrite the existing default SMTP certificate?" prompt with Yes.
                      {"overwriteDefaultSmtp", a.has("force")}};
            if (a.has("subjectname")) p["subjectName"] = a.get("subjectname");
            p["domainNames"] = split_list(a.get("domainname"));
            p["services"] = split_list(a.get("services"));
            auto before = lc.ctx.state.spare_keys_used;
            auto r = action("new-exchange-certificate", p, lc);
            if (r.ok && lc.ctx.state.spare_keys_used != before) {
                auto& entries = lc.ctx.state.store(StoreName::My).entries;
                r.output = exchange_certificate_table(lc.ctx.state, {&entries.back()});
            }
            return r;
        }};
    c["enable-exchangecertificate"] = {"Exchange Management Shell", {"thumbprint", "services", "force", "server", "donotrequiressl"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            std::string t = a.has("thumbprint") ? a.get("thumbprint") : (a.positional.empty() ? "" : unquote(a.positional[0]));
            auto r = action("enable-exchange-certificate", {{"certificate", by_thumbprint(t)}, {"services", split_list(a.get("services"))}}, lc);
            if (r.ok) r.output = "";
            return r;
        }};
    c["remove-exchangecertificate"] = {"Exchange Management Shell", {"thumbprint", "confirm", "server"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            std::string t = a.has("thumbprint") ? a.get("thumbprint") : (a.positional.empty() ? "" : unquote(a.positional[0]));
            auto r = action("remove-exchange-certificate", {{"certificate", by_thumbprint(t)}}, lc);
            if (r.ok) r.output = "";
            return r;
        }};
    c["import-exchangecertificate"] = {"Exchange Management Shell", {"filename", "password", "privatekeyexportable", "server"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Import-ExchangeCertificate")) return *r;
            Args a = parse_args(tokenize(text), true);
            auto r = action("import-pfx", {{"file", native_path(a.get("filename"))}, {"password", a.get("password")}, {"store", "My"}}, lc);
            if (r.ok) {
                auto& entries = lc.ctx.state.store(StoreName::My).entries;
                r.output = exchange_certificate_table(lc.ctx.state, {&entries.back()});
            } else if (r.output.find("password") != std::string::npos) {
                r.output = "Import-ExchangeCertificate : The PKCS #12 password is incorrect.";  // INFERRED wording
            }
            return r;
        }};
    c["get-authconfig"] = {"Exchange Management Shell", {}, [](const std::string&, LineContext& lc) -> ActionResult {
        if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Get-AuthConfig")) return *r;
        return ok(auth_config_list(lc.ctx.state));
    }};
    c["set-authconfig"] = {"Exchange Management Shell",
        {"newcertificatethumbprint", "newcertificateeffectivedate", "publishcertificate", "clearpreviouscertificate", "force"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            Args a = parse_args(tokenize(text), true);
            Json p = Json::object();
            if (a.has("newcertificatethumbprint")) p["newCertificate"] = by_thumbprint(a.get("newcertificatethumbprint"));
            if (a.has("newcertificateeffectivedate")) {
                auto d = parse_date_arg(a.named.at("newcertificateeffectivedate"), lc.ctx.state.clock);
                if (!d) return error("Set-AuthConfig : cannot convert NewCertificateEffectiveDate");
                p["newCertificateEffectiveDate"] = format_iso(*d);
            }
            if (a.has("publishcertificate")) p["publishCertificate"] = true;
            if (a.has("clearpreviouscertificate")) p["clearPreviousCertificate"] = true;
            auto r = action("set-authconfig", p, lc);
            if (r.ok) r.output = "";
            return r;
        }};
    c["set-receiveconnector"] = {"Exchange Management Shell", {"identity", "tlscertificatename"},
        [](const std::string& text, LineContext& lc) -> ActionResult {
            if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Set-ReceiveConnector")) return *r;
            Args a = parse_args(tokenize(text), true);
            std::string id = a.has("identity") ? a.get("identity") : (a.positional.empty() ? "" : unquote(a.positional[0]));
            std::string name = a.get("tlscertificatename");
            for (auto& rc : lc.ctx.state.exchange.receive_connectors)
                if (iequals(rc.name, id)) {
                    rc.tls_certificate_name = name;
                    return ok();
                }
            return error(fmt::format("The operation couldn't be performed because object '{}' couldn't be found on '{}'.", id,
                                     lc.ctx.state.exchange.domain_controller));
        }};
    // ---- GUI steps, which have no command of their own: named for the simulator (and the
    // lab) so that every built-in fix reads as a runbook.
    c["iis-createselfsignedcertificate"] = {"IIS Manager", {"friendlyname", "store"}, [](const std::string& text, LineContext& lc) -> ActionResult {
        Args a = parse_args(tokenize(text), true);
        return action("iis-create-self-signed", {{"friendlyName", a.get("friendlyname")}, {"store", a.get("store", "Personal")}}, lc);
    }};
    c["iis-editsitebinding"] = {"IIS Manager", {"site", "binding", "certificate"}, [](const std::string& text, LineContext& lc) -> ActionResult {
        Args a = parse_args(tokenize(text), true);
        // The dialog lists certificates by friendly name; a thumbprint works too.
        std::string cert = a.get("certificate");
        Json sel = upper_hex(cert).size() == 40 && cert.size() == 40 ? by_thumbprint(cert) : Json{{"friendlyName", cert}};
        return action("iis-edit-binding", {{"site", a.get("site", "Default Web Site")}, {"binding", a.get("binding")}, {"certificate", sel}}, lc);
    }};
    c["certlm-manageprivatekeys"] = {"certlm.msc", {"thumbprint"}, [](const std::string& text, LineContext& lc) -> ActionResult {
        Args a = parse_args(tokenize(text), true);
        return action("grant-key-access", {{"certificate", by_thumbprint(a.get("thumbprint"))}}, lc);
    }};
    c["restore-serverbackup"] = {"Windows Server Backup", {}, [](const std::string&, LineContext& lc) {
        return action("restore-from-backup", Json::object(), lc);
    }};
    c["restart-computer"] = {"PowerShell", {"force"}, [](const std::string&, LineContext& lc) {
        return action("reboot", Json::object(), lc);
    }};
    return c;
}

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table = make_commands();
    return table;
}

// ---------------------------------------------------------------- variables

std::string substitute(const std::string& line, const Session& session, const ServerState& state, std::string& problem) {
    // $($v.Prop), $v.Prop, $v; $_ and the automatic variables stay.
    static const std::regex var(R"(\$\(\$(\w+)\.(\w+)\)|\$(\w+)\.(\w+)\b(?!\()|\$(\w+))");
    static const std::set<std::string> automatic = {"_", "true", "false", "null", "error"};
    std::string out;
    auto begin = std::sregex_iterator(line.begin(), line.end(), var);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        std::string name = lower(m[1].matched ? m[1].str() : m[3].matched ? m[3].str() : m[5].str());
        std::string prop = m[1].matched ? m[2].str() : m[3].matched ? m[4].str() : "";
        out += line.substr(last, size_t(m.position(0)) - last);
        last = size_t(m.position(0) + m.length(0));
        if (automatic.count(name)) {
            out += m.str(0);
            continue;
        }
        auto v = session.vars.find(name);
        if (v == session.vars.end()) {
            problem = "$" + name + " is not set";
            return line;
        }
        if (prop.empty() || iequals(prop, "Thumbprint")) {
            out += v->second;
            continue;
        }
        const StoreEntry* e = state.find_certificate(v->second);
        std::string value = e ? property_of(*e, prop, state) : "\x01";
        if (value == "\x01") {
            problem = fmt::format("${}.{} is not supported by the simulator", name, prop);
            return line;
        }
        out += value;
    }
    return out + line.substr(last);
}

// ---------------------------------------------------------------- one line

struct CompiledLine {
    int number;
    std::string text;
    std::string tool;
    std::function<ActionResult(LineContext&)> run;
};

[[noreturn]] void unsupported(const std::string& path, int line, const std::string& why) {
    throw InputError(path, fmt::format("line {}", line), why);
}

std::string command_key(const std::string& first) {
    std::string k = lower(unquote(first));
    auto slash = k.find_last_of("\\/");
    if (slash != std::string::npos) k = k.substr(slash + 1);
    if (k == "setup.exe" || k == "setup") return "setup";
    if (k == "netsh.exe") return "netsh";
    if (k == "certutil.exe") return "certutil";
    return k;
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

// Checks a line when the runbook loads: a known command with known parameters, or a
// supported assignment / pipeline. Values with variables are checked when they run.
void check_line(const std::string& path, int number, const std::string& text, std::set<std::string>& assigned) {
    std::string body = text;
    static const std::regex assignment(R"(^\$(\w+)\s*=\s*(.+)$)");
    std::smatch m;
    if (std::regex_match(text, m, assignment)) {
        body = m[2];
        std::string rhs = trim(body);
        if (rhs.front() == '"' || rhs.front() == '\'') {
            assigned.insert(lower(m[1]));
            return;
        }
        static const std::regex secure(R"(ConvertTo-SecureString\s+(\S+)\s+-AsPlainText\s+-Force)", std::regex::icase);
        static const std::regex member(R"(^\((.+)\)\.(\w+)$)");
        if (std::regex_match(rhs, secure)) {
            assigned.insert(lower(m[1]));
            return;
        }
        std::smatch mm;
        body = std::regex_match(rhs, mm, member) ? mm[1].str() : rhs;
        assigned.insert(lower(m[1]));
    }
    // Variables must be set before they are used.
    static const std::regex use(R"(\$(\w+))");
    for (auto it = std::sregex_iterator(body.begin(), body.end(), use); it != std::sregex_iterator(); ++it) {
        std::string n = lower((*it)[1]);
        if (n != "_" && n != "true" && n != "false" && n != "null" && !assigned.count(n))
            unsupported(path, number, "$" + (*it)[1].str() + " is used before it is set");
    }
    auto stages = split_pipeline(body);
    std::string problem;
    if (stages.size() > 1 || parse_cert_source(stages[0], problem)) {
        if (!parse_cert_source(stages[0], problem))
            unsupported(path, number, "'" + stages[0] + "' in a pipeline is not supported by the simulator");
        for (size_t i = 1; i < stages.size(); ++i)
            if (!parse_filter(stages[i], problem)) unsupported(path, number, problem);
        return;
    }
    static const std::regex web_method(R"(^\((Get-WebBinding[^)]*)\)\.(AddSslCertificate|RemoveSslCertificate)\((.*)\)$)", std::regex::icase);
    if (std::regex_match(body, web_method)) return;
    auto tokens = tokenize(body);
    if (tokens.empty()) return;
    std::string key = command_key(tokens[0]);
    auto it = commands().find(key);
    if (it == commands().end())
        unsupported(path, number, "'" + tokens[0] + "' is not supported by the simulator");
    if (!it->second.params.empty() || key.find('-') != std::string::npos) {
        Args a = parse_args(tokens, true);
        for (auto& [name, v] : a.named)
            if (!it->second.params.count(name))
                unsupported(path, number, fmt::format("{} -{} is not supported by the simulator", tokens[0], name));
    }
}

ActionResult run_line(const std::string& raw, LineContext& lc) {
    std::string problem;
    std::string text = raw;
    static const std::regex assignment(R"(^\$(\w+)\s*=\s*(.+)$)");
    std::smatch m;
    std::string target;
    std::string property = "thumbprint";
    if (std::regex_match(raw, m, assignment)) {
        target = lower(m[1]);
        text = trim(m[2]);
        static const std::regex secure(R"(ConvertTo-SecureString\s+(\S+)\s+-AsPlainText\s+-Force)", std::regex::icase);
        static const std::regex member(R"(^\((.+)\)\.(\w+)$)");
        std::smatch mm;
        std::string value_text = substitute(text, lc.session, lc.ctx.state, problem);
        if (!problem.empty()) return error(problem);
        if (value_text.front() == '"' || value_text.front() == '\'') {
            lc.session.vars[target] = unquote(value_text);
            return ok();
        }
        if (std::regex_match(value_text, mm, secure)) {
            lc.session.vars[target] = unquote(mm[1]);
            return ok();
        }
        if (std::regex_match(value_text, mm, member)) {
            text = mm[1];
            property = lower(mm[2]);
        }
    }
    text = substitute(text, lc.session, lc.ctx.state, problem);
    if (!problem.empty()) return error(problem);

    if (lower(text) == "get-authconfig" && property == "currentcertificatethumbprint" && !target.empty()) {
        if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Get-AuthConfig")) return *r;
        lc.session.vars[target] = lc.ctx.state.exchange.auth.current_thumbprint;
        return ok();
    }

    // A certificate query pipeline.
    bool exchange = false;
    StoreName store = StoreName::My;
    if (auto result = try_query(text, lc.ctx.state, exchange, store, problem)) {
        if (exchange)
            if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Get-ExchangeCertificate")) return *r;
        if (!target.empty()) {
            if (result->empty()) return error("the pipeline returned no certificate for $" + target);
            lc.session.vars[target] = property == "thumbprint" ? (*result)[0]->certificate.thumbprint()
                                                                : property_of(*(*result)[0], property, lc.ctx.state);
            return ok();
        }
        return ok(exchange ? exchange_certificate_table(lc.ctx.state, *result) : cert_drive_table(store, *result));
    }
    if (!problem.empty()) return error(problem);

    // (Get-WebBinding ...).AddSslCertificate("<thumbprint>", "My") / .RemoveSslCertificate()
    static const std::regex web_method(R"(^\((Get-WebBinding[^)]*)\)\.(AddSslCertificate|RemoveSslCertificate)\((.*)\)$)", std::regex::icase);
    if (std::regex_match(text, m, web_method)) {
        Args a = parse_args(tokenize(m[1]), true);
        std::string site;
        auto binding = find_web_binding(lc.ctx.state, a, site);
        if (!binding) return error("You cannot call a method on a null-valued expression.");
        std::string endpoint = http_sys_endpoint(*binding);
        if (iequals(m[2], "RemoveSslCertificate")) {
            auto r = action("netsh-delete-sslcert", {{"ipport", endpoint}}, lc);
            if (r.ok) r.output = "";
            return r;
        }
        auto params = split_list(m[3]);
        if (params.empty()) return error("AddSslCertificate needs a thumbprint");
        // The method refuses an endpoint that already has a certificate: remove it first.
        if (lc.ctx.state.find_ssl_binding(endpoint))
            return error("Exception calling \"AddSslCertificate\" with \"2\" argument(s): \"Cannot create a file when that "
                         "file already exists. (Exception from HRESULT: 0x800700B7)\"");
        std::string store_name = params.size() > 1 ? params[1] : "My";
        Json p = {{"ipport", endpoint}, {"certificate", by_thumbprint(params[0])}, {"certstorename", store_name}};
        auto r = action("netsh-add-sslcert", p, lc);
        if (!r.ok) r.output = "Exception calling \"AddSslCertificate\" with \"2\" argument(s): \"A specified logon session does "
                              "not exist. It may already have been terminated. (Exception from HRESULT: 0x80070520)\"";
        else r.output = "";
        return r;
    }

    auto tokens = tokenize(text);
    auto it = commands().find(command_key(tokens[0]));
    if (it == commands().end() || !it->second.run) return error("'" + tokens[0] + "' is not supported by the simulator");
    ActionResult r = it->second.run(text, lc);
    if (!target.empty() && r.ok) {
        // $t = (New-SelfSignedCertificate ...).Thumbprint: the object it made is the newest entry.
        std::string thumb;
        for (StoreName st : {StoreName::My, StoreName::WebHosting})
            if (auto* s = lc.ctx.state.find_store(st))
                if (!s->entries.empty()) thumb = s->entries.back().certificate.thumbprint();
        lc.session.vars[target] = thumb;
        r.output.clear();
    }
    return r;
}

}  // namespace

struct RunbookSession::Impl {
    InputFolder folder;
    Session session;
    std::set<std::string> assigned;
    explicit Impl(const std::string& f) : folder(f) {}
};

RunbookSession::RunbookSession(const std::string& folder_file) : impl_(std::make_unique<Impl>(folder_file)) {}
RunbookSession::RunbookSession(const RunbookSession& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
RunbookSession& RunbookSession::operator=(const RunbookSession& other) {
    impl_ = std::make_unique<Impl>(*other.impl_);
    return *this;
}
RunbookSession::~RunbookSession() = default;

const std::vector<InputFolder::ResolvedFile>& RunbookSession::files_read() const { return impl_->folder.resolved_files(); }

ActionResult RunbookSession::run(const std::string& raw, ActionContext& ctx) {
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#') return ok();
    try {
        std::set<std::string> assigned = impl_->assigned;
        check_line("", 0, line, assigned);
        impl_->assigned = assigned;
    } catch (const InputError& e) {
        return error(e.message());
    }
    LineContext lc{ctx, impl_->session, impl_->folder};
    return run_line(line, lc);
}

bool is_runbook_file(const std::string& path) {
    auto ext = lower(std::filesystem::path(path).extension().string());
    return ext == ".ps1" || ext == ".cmd" || ext == ".bat";
}

Fix load_runbook(const std::string& path) {
    Bytes data = read_file_bytes(path);
    std::string text(data.begin(), data.end());
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text = text.substr(3);
    bool cmd_file = lower(std::filesystem::path(path).extension().string()) != ".ps1";
    Fix fix;
    fix.path = path;
    fix.id = std::filesystem::path(path).stem().string();
    fix.title = fix.id;
    auto folder = std::make_shared<InputFolder>(path);
    auto session = std::make_shared<Session>();
    std::set<std::string> assigned;
    std::istringstream in(text);
    int number = 0;
    bool first_comment = true;
    for (std::string raw; std::getline(in, raw);) {
        ++number;
        std::string line = trim(raw);
        bool comment = line.rfind("#", 0) == 0 || (cmd_file && (lower(line).rfind("rem ", 0) == 0 || line.rfind("::", 0) == 0));
        if (comment) {
            // Header comments carry the fix's metadata: "# title: ...", "# when: before-cu", "# source: ...".
            std::string c = trim(line.substr(line.rfind("::", 0) == 0 ? 2 : line[0] == '#' ? 1 : 3));
            static const std::regex meta(R"(^(id|title|when|source):\s*(.+)$)", std::regex::icase);
            std::smatch m;
            if (std::regex_match(c, m, meta)) {
                std::string key = lower(m[1]), value = trim(m[2]);
                if (key == "id") fix.id = value;
                else if (key == "title") fix.title = value;
                else if (key == "source") fix.source = value;
                else if (value == "before-cu") fix.when = FixWhen::before_cu;
                else if (value != "after-failure") unsupported(path, number, "when must be after-failure or before-cu");
            } else if (first_comment && !c.empty() && fix.title == fix.id) {
                fix.title = c;
            }
            first_comment = false;
            continue;
        }
        if (line.empty() || (cmd_file && lower(line) == "@echo off")) continue;
        if (cmd_file && (line.find('%') != std::string::npos))
            unsupported(path, number, "cmd variables (%...%) are not supported by the simulator");
        if (line.find(';') != std::string::npos && line.find("$error.Clear()") == std::string::npos &&
            line.find('"') == std::string::npos)
            unsupported(path, number, "several statements on one line are not supported by the simulator");
        if (lower(line).rfind("foreach", 0) == 0 || lower(line).rfind("if ", 0) == 0 || lower(line).rfind("if(", 0) == 0 ||
            lower(line).rfind("function", 0) == 0 || lower(line).rfind("try", 0) == 0)
            unsupported(path, number, "script blocks are not supported by the simulator");
        check_line(path, number, line, assigned);
        auto tokens = tokenize(line);
        std::string key = command_key(tokens.empty() ? "" : tokens[0]);
        auto it = commands().find(key);
        std::string tool = it != commands().end() ? it->second.tool : "PowerShell";
        FixStep step;
        step.action = line;
        step.tool = tool;
        step.summary = fmt::format("{}:{}: {}", std::filesystem::path(path).filename().string(), number, line);
        step.run = [line, folder, session](ActionContext& ctx) {
            LineContext lc{ctx, *session, *folder};
            return run_line(line, lc);
        };
        fix.steps.push_back(std::move(step));
    }
    // Each run starts with no variables: the steps share them through the session, which the
    // first step clears.
    if (!fix.steps.empty()) {
        auto first = fix.steps.front().run;
        fix.steps.front().run = [first, session](ActionContext& ctx) {
            session->vars.clear();
            return first(ctx);
        };
    }
    return fix;
}

}  // namespace cusim
