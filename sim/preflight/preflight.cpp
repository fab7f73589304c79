#include "sim/preflight/preflight.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sim/checks/health_checks.hpp"
#include "sim/setup/setup_run.hpp"

namespace cusim {
namespace {

// Where the failure and its way out are explained (facts.md 1b: the console and the recovery as
// rmilne describes them).
const char* const expired_reference = "https://blog.rmilne.ca/2020/11/19/exchange-setup-certificate-is-expired-part-deux/";

// The Default Web Site https binding whose certificate setup stops on (rule R1): the first, in
// applicationHost.config order, whose certificate has expired at `at`.
std::string expired_binding_reason(const ServerState& s, SimTime at) {
    for (auto& site : s.sites) {
        if (site.name != "Default Web Site") continue;
        for (auto& b : site.bindings) {
            if (b.protocol != "https") continue;
            std::string endpoint = http_sys_endpoint(b);
            for (auto& ssl : s.ssl_bindings) {
                if (ssl.ip_port != endpoint) continue;
                const StoreEntry* e = s.find_certificate(ssl.certificate_hash);
                if (e && e->certificate.not_after() < at)
                    return fmt::format("the certificate {} bound to Default Web Site {} expired on {}", e->certificate.subject(),
                                       endpoint, format_windows(e->certificate.not_after()));
            }
        }
    }
    return "";
}

bool all_green(const std::vector<CheckResult>& checks) {
    return std::all_of(checks.begin(), checks.end(), [](auto& c) { return c.passed; });
}

// The moments at which the CU's outcome can change if nobody touches the server: just after a
// certificate of the stores expires, and when a staged Auth certificate takes over.
std::vector<SimTime> change_points(const ServerState& s) {
    std::set<SimTime> points;
    for (auto& store : s.stores)
        for (auto& e : store.entries)
            if (e.certificate.not_after() >= s.clock)
                if (auto t = add_to_time(e.certificate.not_after(), 1, 1)) points.insert(*t);
    if (s.exchange.auth.next_effective_date && *s.exchange.auth.next_effective_date > s.clock)
        points.insert(*s.exchange.auth.next_effective_date);
    return {points.begin(), points.end()};
}

}  // namespace

CuPrediction predict_cu(const ServerState& s) {
    CuPrediction p;
    // Only verdicts are read here: setup runs without writing its console and log.
    const SetupOptions quiet{80, false};
    SetupResult cu = run_setup(s, quiet);
    p.completes = cu.completed;
    if (!cu.completed && cu.error) {
        p.failing_step = cu.error->step;
        std::string binding = expired_binding_reason(s, s.clock);
        p.reason = binding.empty() ? cu.error->exception.message : binding;
    }
    p.checks_green = cu.completed && all_green(run_health_checks(cu.state));
    // The time bomb: the first change point at which the CU would fail.
    if (cu.completed) {
        for (SimTime t : change_points(s)) {
            ServerState later = s;
            later.clock = t;
            SetupResult then = run_setup(std::move(later), quiet);
            if (!then.completed) {
                p.time_bomb = t;
                std::string binding = expired_binding_reason(s, t);
                p.time_bomb_reason = fmt::format("fails at '{}': {}", then.error ? then.error->step : "",
                                                 binding.empty() && then.error ? then.error->exception.message : binding);
                break;
            }
        }
    }
    return p;
}

PreflightResult run_preflight(const Scenario& scenario, const std::vector<Fix>& fixes,
                              const std::vector<std::string>& import_findings) {
    PreflightResult r;
    const ServerState& s = scenario.state;
    r.server = s.exchange.server_name;
    r.version = version_name(s.exchange.version);
    r.build = s.exchange.installed_build;
    r.clock = s.clock;
    CuPrediction p = predict_cu(s);
    r.completes = p.completes;
    r.failing_step = p.failing_step;
    r.reason = p.reason;
    r.checks_green = p.checks_green;
    r.time_bomb = p.time_bomb;
    r.time_bomb_reason = p.time_bomb_reason;
    r.layout = https_layout(s);
    const SetupOptions quiet{80, false};
    // The state after the CU, for the warnings it leaves (predict_cu keeps only the verdicts).
    std::vector<CheckResult> after;
    if (r.completes && !r.checks_green) after = run_health_checks(run_setup(s, quiet).state);

    // The findings: the CU itself, then every health check on the server as it is now.
    r.findings.push_back({"Cumulative update (simulated)", r.completes ? "Passed" : "Failed",
                          r.completes ? "setup completes" : fmt::format("fails at '{}': {}", r.failing_step, r.reason),
                          r.completes ? "" : expired_reference});
    for (auto& c : run_health_checks(s))
        r.findings.push_back({c.name.empty() ? c.id : c.name, c.passed ? "Passed" : "Failed", c.detail, ""});
    for (auto& c : after)
        if (!c.passed) r.findings.push_back({"After the CU: " + (c.name.empty() ? c.id : c.name), "Warning", c.detail, ""});
    for (auto& f : import_findings) r.findings.push_back({"Exports agree", "Warning", f, ""});
    // When each certificate of the Personal store expires: a Warning within 60 days (the window
    // CSS-Exchange's emerging issues ask to renew in is 30 days; a CU needs planning before that).
    if (const CertificateStore* my = s.find_store(StoreName::My))
        for (auto& e : my->entries) {
            long long days = (to_time_t(e.certificate.not_after()) - to_time_t(s.clock)) / 86400;
            std::string name = e.friendly_name.empty() ? e.certificate.subject() : e.friendly_name;
            r.findings.push_back({"Certificate " + e.certificate.thumbprint() + " (" + name + ")",
                                  days < 0 ? "Failed" : days <= 60 ? "Warning" : "Passed",
                                  fmt::format("{} {} ({} days)", days < 0 ? "expired on" : "expires on",
                                              format_windows(e.certificate.not_after()), days),
                                  ""});
        }

    // For a predicted failure: the before-cu fixes that make it complete with every check green.
    if (!r.completes) {
        Baseline baseline;  // before-cu fixes start from the scenario's own state
        baseline.setup_options = quiet;
        std::vector<const Fix*> candidates;
        for (auto& f : fixes)
            if (f.when == FixWhen::before_cu) candidates.push_back(&f);
        std::stable_sort(candidates.begin(), candidates.end(), [](auto* a, auto* b) { return a->steps.size() < b->steps.size(); });
        for (const Fix* f : candidates) {
            RunRecord rec = run_fix(scenario, baseline, *f);
            if (rec.outcome != Outcome::succeeds) continue;
            VerifiedFix v{f->id, f->title, {}};
            for (auto& step : f->steps) v.commands.push_back(step.summary);
            r.fixes.push_back(std::move(v));
        }
    }
    return r;
}

std::string to_string(Validity v) {
    switch (v) {
        case Validity::expired: return "expired";
        case Validity::not_yet_valid: return "not yet valid";
        case Validity::expiring: return "expiring";
        case Validity::valid: return "valid";
    }
    return "valid";
}

HttpsLayout https_layout(const ServerState& s) {
    HttpsLayout l;
    for (auto& site : s.sites)
        for (auto& b : site.bindings) {
            if (b.protocol != "https") continue;
            std::string endpoint = http_sys_endpoint(b);
            l.bindings.push_back({site.name, b.binding_information, endpoint, s.find_ssl_binding(endpoint) != nullptr});
        }
    for (auto& ssl : s.ssl_bindings) {
        LayoutEndpoint e{ssl.ip_port, ssl.certificate_hash, ssl.store_name, -1, ""};
        // What http.sys serves: the certificate in the store the binding names, nowhere else.
        if (const StoreEntry* c = s.certificate_of(ssl)) {
            auto known = std::find_if(l.certificates.begin(), l.certificates.end(),
                                      [&](auto& lc) { return lc.thumbprint == c->certificate.thumbprint() && lc.store == ssl.store_name; });
            if (known == l.certificates.end()) {
                LayoutCertificate lc;
                lc.thumbprint = c->certificate.thumbprint();
                lc.subject = c->certificate.subject();
                lc.friendly_name = c->friendly_name;
                lc.store = ssl.store_name;
                lc.not_before = c->certificate.not_before();
                lc.not_after = c->certificate.not_after();
                // As the findings count them: whole days, rounded towards zero.
                lc.days_left = (to_time_t(lc.not_after) - to_time_t(s.clock)) / 86400;
                lc.validity = lc.not_after < s.clock                      ? Validity::expired
                              : s.clock < lc.not_before                   ? Validity::not_yet_valid
                              : lc.days_left <= expiring_window_days      ? Validity::expiring
                                                                          : Validity::valid;
                l.certificates.push_back(std::move(lc));
                known = l.certificates.end() - 1;
            }
            e.certificate = int(known - l.certificates.begin());
        } else if (s.find_certificate(ssl.certificate_hash)) {
            for (StoreName n : {StoreName::My, StoreName::WebHosting, StoreName::CA, StoreName::Root})
                if (auto st = s.find_store(n); st && st->find(ssl.certificate_hash)) {
                    e.elsewhere = to_string(n);
                    break;
                }
        }
        l.endpoints.push_back(std::move(e));
    }
    return l;
}

std::string preflight_verdict_word(const PreflightResult& r) {
    return !r.completes ? "fails" : r.checks_green ? "completes" : "partial";
}

std::optional<long long> time_bomb_days(const PreflightResult& r) {
    if (!r.time_bomb) return std::nullopt;
    return (to_time_t(*r.time_bomb) - to_time_t(r.clock)) / 86400;
}

std::string preflight_verdict(const PreflightResult& r) {
    if (!r.completes) return fmt::format("will fail at '{}': {}", r.failing_step, r.reason);
    if (!r.checks_green) return "will complete, but health checks fail after it";
    return "will complete";
}

}  // namespace cusim
