// The Exchange Management Shell cmdlets that change the server (Get-ExchangeCertificate and the
// other queries return objects: sim/runbook/server_host.cpp).
#include "sim/runbook/commands.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

void add_exchange_cmdlets_commands(CommandTable& c) {
    c["get-exchangecertificate"] = {"Exchange Management Shell", {"thumbprint", "server"}, nullptr};  // handled as a query
    c["new-exchangecertificate"] = {"Exchange Management Shell",
        {"subjectname", "domainname", "friendlyname", "services", "keysize", "privatekeyexportable", "force"},
        [](const Args& a, LineContext& lc) -> ActionResult {
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
        [](const Args& a, LineContext& lc) -> ActionResult {
            std::string t = a.has("thumbprint") ? a.get("thumbprint") : (a.positional.empty() ? "" : unquote(a.positional[0]));
            auto r = action("enable-exchange-certificate", {{"certificate", by_thumbprint(t)}, {"services", split_list(a.get("services"))}}, lc);
            if (r.ok) r.output = "";
            return r;
        }};
    c["remove-exchangecertificate"] = {"Exchange Management Shell", {"thumbprint", "confirm", "server"},
        [](const Args& a, LineContext& lc) -> ActionResult {
            std::string t = a.has("thumbprint") ? a.get("thumbprint") : (a.positional.empty() ? "" : unquote(a.positional[0]));
            auto r = action("remove-exchange-certificate", {{"certificate", by_thumbprint(t)}}, lc);
            if (r.ok) r.output = "";
            return r;
        }};
    // -FileName <path>, or -FileData <Byte[]> (the engine passes the bytes as base64): the PFX is
    // the same either way (https://learn.microsoft.com/en-us/powershell/module/exchange/import-exchangecertificate).
    c["import-exchangecertificate"] = {"Exchange Management Shell", {"filename", "filedata", "password", "privatekeyexportable", "server"},
        [](const Args& a, LineContext& lc) -> ActionResult {
            if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Import-ExchangeCertificate")) return *r;
            Json p = {{"password", a.get("password")}, {"store", "My"}};
            if (a.has("filedata")) p["data"] = a.get("filedata");
            else p["file"] = native_path(a.get("filename"));
            auto r = action("import-pfx", p, lc);
            if (r.ok) {
                auto& entries = lc.ctx.state.store(StoreName::My).entries;
                r.output = exchange_certificate_table(lc.ctx.state, {&entries.back()});
            } else if (r.output.find("password") != std::string::npos) {
                r.output = "Import-ExchangeCertificate : The PKCS #12 password is incorrect.";  // INFERRED wording
            }
            return r;
        }};
    c["get-authconfig"] = {"Exchange Management Shell", {}, [](const Args&, LineContext& lc) -> ActionResult {
        if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Get-AuthConfig")) return *r;
        return ok(auth_config_list(lc.ctx.state));
    }};
    c["set-authconfig"] = {"Exchange Management Shell",
        {"newcertificatethumbprint", "newcertificateeffectivedate", "publishcertificate", "clearpreviouscertificate", "force"},
        [](const Args& a, LineContext& lc) -> ActionResult {
            Json p = Json::object();
            if (a.has("newcertificatethumbprint")) p["newCertificate"] = by_thumbprint(a.get("newcertificatethumbprint"));
            if (a.has("newcertificateeffectivedate")) {
                std::string why;
                auto d = parse_date_arg(a.named.at("newcertificateeffectivedate"), lc.ctx.state.clock, &why);
                if (!why.empty()) return error("Set-AuthConfig : " + why);
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
        [](const Args& a, LineContext& lc) -> ActionResult {
            if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Set-ReceiveConnector")) return *r;
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
}

}  // namespace cusim::runbook
