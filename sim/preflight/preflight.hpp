#pragma once
// Preflight: what the CU will do on this server, before it runs (the seed post's wish: "I wish the
// prerequisite analysis checked for this"). The simulated CU at the server's clock; the findings in
// SetupAssist's shape (a test, Passed/Failed/Warning, details, a reference); the time bomb, the first
// date from which the CU would fail if nothing changes; and, for a predicted failure, the catalogue's
// before-cu fixes verified on this server to make the CU complete with every health check green.
#include <optional>
#include <string>
#include <vector>

#include "sim/formats/scenario.hpp"
#include "sim/recovery/fix.hpp"
#include "sim/recovery/fix_run.hpp"

namespace cusim {

struct PreflightFinding {
    std::string test;     // e.g. "Default Web Site 0.0.0.0:443 certificate"
    std::string result;   // "Passed", "Failed" or "Warning"
    std::string details;
    std::string reference;  // a link where one explains it
};

struct VerifiedFix {
    std::string id, title;
    std::vector<std::string> commands;  // the fix's steps as written
};

// The server's https as the fleet page draws it: each IIS site's https bindings, the http.sys
// endpoint (IP:port, or host:port for SNI) each one reaches, and the certificate each endpoint
// names, copied from the state so that the reports read the result alone, never the state.
struct LayoutBinding {
    std::string site, binding_information;  // "Default Web Site", "*:443:"
    std::string endpoint;                   // its http.sys endpoint, "0.0.0.0:443"
    bool served = false;                    // http.sys has a binding for that endpoint
};
struct LayoutEndpoint {
    std::string ip_port, thumbprint, store;  // as netsh shows them (store "MY", "WebHosting")
    int certificate = -1;  // index into HttpsLayout::certificates; -1: not in the store it names
    std::string elsewhere;  // when missing there: another store that holds that thumbprint
};
// How a certificate stands at the server's clock: the page's red / amber / green.
enum class Validity { expired, not_yet_valid, expiring, valid };
std::string to_string(Validity v);  // "expired", "not yet valid", "expiring", "valid"
// "Expiring": within this many days of the server's clock, the window the findings warn in.
inline constexpr long long expiring_window_days = 60;
struct LayoutCertificate {
    std::string thumbprint, subject, friendly_name, store;
    SimTime not_before{}, not_after{};
    long long days_left = 0;  // whole days from the server's clock to not_after (negative: expired)
    Validity validity = Validity::valid;
};
struct HttpsLayout {
    std::vector<LayoutBinding> bindings;        // applicationHost.config order, site by site
    std::vector<LayoutEndpoint> endpoints;      // netsh's order
    std::vector<LayoutCertificate> certificates;  // each named once, in the endpoints' order
};
HttpsLayout https_layout(const ServerState& s);

struct PreflightResult {
    std::string server, version, build;
    std::string target;  // "Exchange SE RTM (15.2.2562.17)" when `--target` named the CU, else ""
    SimTime clock{};
    bool completes = false;
    std::string failing_step;
    std::string reason;     // why it fails, in one sentence
    std::vector<PreflightFinding> findings;
    std::optional<SimTime> time_bomb;   // completes now; fails from this date
    std::string time_bomb_reason;
    std::vector<VerifiedFix> fixes;     // for a predicted failure, least invasive first
    bool checks_green = false;          // completes with every health check passing
    HttpsLayout layout;                 // what the fleet page draws
};

// The prediction alone, without findings or fixes: whether the CU completes at the server's clock,
// where it fails, whether every health check passes after it, and the time bomb. run_preflight
// starts from it; cusim explore checks it against the simulated CU on every state it tries.
struct CuPrediction {
    bool completes = false;
    bool checks_green = false;
    std::string failing_step;
    std::string reason;
    std::optional<SimTime> time_bomb;
    std::string time_bomb_reason;
};
CuPrediction predict_cu(const ServerState& s);

// `fixes`: the catalogue; its before-cu fixes are tried when the CU is predicted to fail.
// `import_findings`: contradictions an import found (they become Warnings).
PreflightResult run_preflight(const Scenario& scenario, const std::vector<Fix>& fixes,
                              const std::vector<std::string>& import_findings = {});

// The first line: "will complete" / "will fail at '<step>': <reason>".
std::string preflight_verdict(const PreflightResult& r);
// The verdict as one word: "completes", "partial" (completes, but health checks fail after it), "fails".
std::string preflight_verdict_word(const PreflightResult& r);
// Whole days from the server's clock to the time bomb (none: no time bomb).
std::optional<long long> time_bomb_days(const PreflightResult& r);

}  // namespace cusim
