#include "sim/review/log_review.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/text_pattern.hpp"
#include "sim/formats/json_input.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/setup/setup_texts.hpp"

namespace cusim {

std::string describe(CertificateCause c) {
    switch (c) {
        case CertificateCause::none: return "not a certificate failure";
        case CertificateCause::expired: return "a certificate failure: the certificate is expired";
        case CertificateCause::key_unreachable:
            return "a certificate failure: setup cannot reach the certificate's private key (Keyset does not exist)";
        case CertificateCause::key_access_denied:
            return "a certificate failure: setup may not grant NETWORK SERVICE access to the private key (access denied)";
    }
    return "";
}

namespace {
// The console step of a role task: "Install-BridgeheadRole" -> "Mailbox role: Transport service".
std::string console_step_of(const std::string& task) {
    for (auto& s : texts::console_steps())
        if (!s.task.empty() && s.task == task) return s.console_name;
    return "";
}

void classify(LogReview& r) {
    const RunFacts& f = r.facts;
    std::string all = f.exception.value;
    for (auto& e : f.error_lines) all += "\n" + e;
    if (f.certificate_expired || all.find("The certificate is expired.") != std::string::npos) {
        r.cause = CertificateCause::expired;
        // R1: setup stops at the first expired certificate it examines: the last line it logged.
        if (!f.certificates.empty()) r.certificate = f.certificates.back();
        return;
    }
    if (auto m = match_text(all, "Network Service access to the certificate with thumbprint {}.")) {
        r.thumbprint = (*m)[0].substr(0, (*m)[0].find_first_of(". \n"));
        r.cause = all.find("Access is denied") != std::string::npos ? CertificateCause::key_access_denied
                                                                     : CertificateCause::key_unreachable;
        if (!f.certificates.empty()) r.certificate = f.certificates.back();
    }
}

std::string iso_of(SimTime t) { return format_iso(t); }
}  // namespace

std::string ServerVariant::describe() const {
    std::string s = self_signed == SelfSigned::valid     ? "the self-signed 'Microsoft Exchange' certificate valid"
                    : self_signed == SelfSigned::expired ? "the self-signed 'Microsoft Exchange' certificate expired"
                                                         : "the self-signed 'Microsoft Exchange' certificate deleted";
    return s + (renewed_in_store ? ", a renewed certificate for the same name in the store" : "");
}

const std::vector<ServerVariant>& server_variants() {
    using S = ServerVariant::SelfSigned;
    static const std::vector<ServerVariant> variants = {{S::valid, false},   {S::expired, false}, {S::missing, false},
                                                        {S::valid, true},    {S::expired, true},  {S::missing, true}};
    return variants;
}

namespace {

// The scenario the log implies for an expired certificate on Default Web Site (R1).
Json implied_scenario(const LogReview& r, const ServerVariant& v, std::vector<std::string>& a) {
    const RunFacts& f = r.facts;
    Json s;
    s["id"] = "review-implied";
    s["title"] = "The server " + r.path + " implies";
    s["source"] = r.path;
    SimTime clock = *parse_setup_log_stamp(f.run_date.value);
    s["clock"] = iso_of(clock);
    a.push_back(fmt::format("the simulated clock is the run's start, {} (line {}); the log's times are the server's "
                            "local time, taken as the certificate's time zone",
                            f.run_date.value, f.run_date.line));
    std::string server = f.server ? f.server.value : "EX01";
    if (!f.server) a.push_back("the server's name is not in the log: EX01");
    std::string domain = "contoso.local";
    if (f.domain_controller && f.domain_controller.value.find('.') != std::string::npos)
        domain = f.domain_controller.value.substr(f.domain_controller.value.find('.') + 1);
    a.push_back(fmt::format("the server's FQDN is {}.{} (the domain of the domain controller)", server, domain));
    Json srv = {{"name", server}, {"fqdn", server + "." + domain}};
    if (f.domain_controller) srv["domainController"] = f.domain_controller.value;
    if (f.user) srv["loggedOnUser"] = f.user.value;
    // The installed product is the installed build's (15.2 from 2562 on is SE); the "Starting Microsoft
    // Exchange Server 2016 Setup" line names the setup's, which is the same but on an upgrade to SE.
    std::optional<ExchangeVersion> installed = f.local_build ? version_of_build(f.local_build.value) : std::nullopt;
    srv["version"] = installed ? version_name(*installed) : f.started.value.find("2016") != std::string::npos ? "2016" : "2019";
    if (f.local_build) srv["installedBuild"] = f.local_build.value;
    if (f.setup_version) srv["targetBuild"] = f.setup_version.value;
    s["server"] = srv;

    const InstallingCertificateLine& c = *r.certificate;
    Json certs = Json::array();
    bool self_signed = c.issuer == c.subject;
    Json bound = {{"id", "bound"}, {"subject", c.subject}, {"key", "key02"},
                            {"notBefore", iso_of(*c.not_before)}, {"notAfter", iso_of(*c.not_after)},
                            {"stores", {"My"}}, {"services", {"IIS"}}};
    if (!self_signed) {
        certs.push_back({{"id", "issuer"}, {"subject", c.issuer}, {"key", "key01"}, {"notBefore", iso_of(*c.not_before - std::chrono::days(3650))},
                         {"notAfter", iso_of(*c.not_after + std::chrono::days(3650))}, {"basicConstraints", {{"ca", true}}},
                         {"keyUsage", {"Digital Signature", "Certificate Signing", "Off-line CRL Signing"}},
                         {"stores", {"Root"}}});
        bound["issuer"] = "issuer";
        a.push_back("its issuer '" + c.issuer + "' is a trusted root (the log names it, nothing more)");
    }
    certs.push_back(bound);
    a.push_back(fmt::format("the certificate setup failed on ({}, valid {} until {}, line {}) is bound to both https "
                            "bindings of Default Web Site, with its private key; its thumbprint, SANs and key are not "
                            "in the log, so they are not the real ones",
                            c.subject, c.valid_from, c.valid_until, c.line));
    if (v.renewed_in_store) {
        Json renewed = bound;
        renewed["id"] = "renewed";
        renewed["key"] = "key05";
        renewed["notBefore"] = iso_of(clock - std::chrono::days(30));
        renewed["notAfter"] = iso_of(clock + std::chrono::days(335));
        renewed["services"] = Json::array();
        certs.push_back(renewed);
    }
    // The self-signed certificate of a server installed five years before (it expires with the
    // CU's certificate in practical365-frans), or one installed a year before.
    SimTime me_from = v.self_signed == ServerVariant::SelfSigned::expired ? clock - std::chrono::days(1830) : clock - std::chrono::days(365);
    if (v.self_signed != ServerVariant::SelfSigned::missing)
        certs.push_back({{"id", "microsoft-exchange"}, {"subject", "CN=" + server}, {"dnsNames", {server, server + "." + domain}},
                         {"key", "key03"}, {"notBefore", iso_of(me_from)}, {"validityDays", 1826},
                         {"stores", {"My", "Root"}}, {"friendlyName", "Microsoft Exchange"}, {"services", {"IMAP", "POP", "SMTP"}}});
    certs.push_back({{"id", "auth"}, {"subject", "CN=Microsoft Exchange Server Auth Certificate"}, {"key", "key04"},
                     {"notBefore", iso_of(clock - std::chrono::days(365))}, {"validityDays", 1800}, {"stores", {"My"}},
                     {"friendlyName", "Microsoft Exchange Server Auth Certificate"}, {"services", {"SMTP"}}});
    a.push_back("the self-signed 'Microsoft Exchange' certificate is valid and bound to the Back End on 444, and no renewed "
                "certificate is in the store yet; each fix is also run with the self-signed certificate expired or "
                "deleted and with a renewed certificate in the store, since the log shows none of it");
    a.push_back("the Auth certificate is valid (the log says nothing of it)");
    s["certificates"] = certs;
    // A deleted self-signed certificate leaves 444 naming a hash that is in no store (case 19).
    s["httpSys"] = {{{"ipPort", "0.0.0.0:443"}, {"certificate", "bound"}},
                    {{"ipPort", "127.0.0.1:443"}, {"certificate", "bound"}}};
    if (v.self_signed != ServerVariant::SelfSigned::missing) {
        s["httpSys"].push_back({{"ipPort", "0.0.0.0:444"}, {"certificate", "microsoft-exchange"}});
        s["exchange"] = {{"authConfig", {{"currentCertificate", "auth"}}}, {"internalTransportCertificate", "microsoft-exchange"}};
    } else {
        s["httpSys"].push_back({{"ipPort", "0.0.0.0:444"}, {"thumbprint", "D1E5A3B2C4F60718293A4B5C6D7E8F9012345678"}});
        s["exchange"] = {{"authConfig", {{"currentCertificate", "auth"}}}};
    }
    return s;
}

// What to type: a runbook's own lines (its loader keeps each as the step's action), or the
// steps of a JSON fix.
std::vector<std::string> fix_commands(const Fix& fix) {
    bool runbook = fix.path.size() > 4 && (fix.path.ends_with(".ps1") || fix.path.ends_with(".cmd"));
    std::vector<std::string> out;
    for (auto& s : fix.steps) out.push_back(runbook ? s.action : "[" + s.tool + "] " + s.summary);
    return out;
}

// What a fix takes that a log cannot show: a renewed certificate file, a backup. The catalogue's
// steps name example files; the admin brings their own.
std::vector<std::string> fix_needs(const Fix& fix) {
    std::vector<std::string> out;
    auto add = [&](const std::string& need) {
        if (std::find(out.begin(), out.end(), need) == out.end()) out.push_back(need);
    };
    for (auto& s : fix.steps) {
        if (s.action == "import-pfx" || s.action == "certutil-importpfx")
            add("the renewed certificate with its private key as a PFX file (the step names the catalogue's example)");
        if (s.action == "restore-from-backup") add("a backup of the server from before the CU");
    }
    return out;
}

std::string run_detail(const RunRecord& rec) {
    if (rec.outcome == Outcome::fails) return rec.failed_step + ": " + rec.error;
    if (rec.outcome == Outcome::invalid || rec.outcome == Outcome::unmodelled) return rec.error;
    std::vector<std::string> failed;
    for (auto* c : rec.failed_checks()) failed.push_back(c->id);
    return failed.empty() ? "" : "failed checks: " + fmt::format("{}", fmt::join(failed, ", "));
}
}  // namespace

LogReview review_setup_log(const ParsedSetupLog& log, const std::vector<Fix>& catalogue, const std::string& implied_path,
                           const ProgramFence& fence) {
    LogReview r;
    r.path = log.path;
    r.encoding = log.encoding;
    r.lines = log.lines;
    r.facts = last_run_facts(log);
    r.failed_step = console_step_of(r.facts.failed_task.value);
    r.known_issue = find_known_issue(log, r.facts);
    if (r.facts.completed) return r;
    classify(r);
    if (r.cause == CertificateCause::none) {
        r.not_modelled = "cusim models certificate failures only";
        return r;
    }
    if (r.cause != CertificateCause::expired) {
        r.not_modelled = "cusim builds the implied server for an expired certificate only; for a key failure the key's "
                         "provider and ACL are not in the log (give --export)";
        return r;
    }
    if (!r.certificate || !r.certificate->not_before || !r.certificate->not_after) {
        r.not_modelled = "the log has no readable \"Installing certificate signed by ...\" line for the expired certificate";
        return r;
    }
    if (r.facts.started.value.find("2013") != std::string::npos) {
        r.not_modelled = "cusim simulates Exchange 2016 and 2019 setup; this log is Exchange 2013's";
        return r;
    }
    if (!parse_setup_log_stamp(r.facts.run_date.value)) {
        r.not_modelled = "the run's date '" + r.facts.run_date.value + "' is not a date";
        return r;
    }
    std::vector<Scenario> servers;
    for (auto& v : server_variants()) {
        std::vector<std::string> assumed;
        servers.push_back(parse_scenario(implied_scenario(r, v, assumed), implied_path));
        if (r.assumptions.empty()) r.assumptions = assumed;
    }
    r.modelled = true;
    std::vector<Baseline> baselines;
    for (auto& sv : servers) baselines.push_back(run_baseline(sv));
    const Baseline& baseline = baselines.front();
    const Scenario& scenario = servers.front();
    const RunRecord& b = baseline.record;
    r.reproduced = b.outcome == Outcome::fails && b.failed_step == r.failed_step &&
                   b.error.find("The certificate is expired.") != std::string::npos;
    r.reproduction = b.outcome == Outcome::fails ? fmt::format("the simulated CU fails at \"{}\": {}", b.failed_step, b.error)
                                                 : "the simulated CU " + to_string(b.outcome);
    if (!r.reproduced) return r;
    for (const Fix& fix : catalogue) {
        if (fix.when != FixWhen::after_failure) continue;  // EMS is gone after the failure: only these apply
        RunRecord rec = run_fix(scenario, baseline, fix, fence);
        FixVerdict verdict{fix.id, fix.title, fix.path, rec.outcome, run_detail(rec), fix_commands(fix), fix_needs(fix), {}};
        for (size_t i = 0; i < servers.size(); ++i)
            verdict.on_variants.push_back(i == 0 ? rec.outcome : run_fix(servers[i], baselines[i], fix, fence).outcome);
        r.fixes.push_back(std::move(verdict));
    }
    return r;
}

}  // namespace cusim
