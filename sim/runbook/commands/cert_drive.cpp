// The Cert: drive: New-SelfSignedCertificate, Import-PfxCertificate, Remove-Item (Get-ChildItem
// and Get-Item return objects: sim/runbook/server_host.cpp).
#include "sim/runbook/commands.hpp"

#include <fmt/format.h>

#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"

#include "sim/formats/tool_output.hpp"
#include "sim/recovery/actions/action_support.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

void add_cert_drive_commands(CommandTable& c) {
    c["new-selfsignedcertificate"] = {"PowerShell", {"dnsname", "certstorelocation", "notafter", "friendlyname", "provider", "subject",
                                          "keylength", "keyalgorithm", "keyexportpolicy"},
        [](const Args& a, LineContext& lc) -> ActionResult {
            auto names = split_list(a.get("dnsname"));
            if (names.empty() && !a.has("subject")) return error("New-SelfSignedCertificate : the DnsName or Subject parameter is required");
            // The key (https://learn.microsoft.com/en-us/powershell/module/pki/new-selfsignedcertificate):
            // -KeyAlgorithm RSA and -KeyLength 2048 are the cmdlet's defaults and the machine's spare
            // keys; -KeyExportPolicy Exportable or ExportableEncrypted (the default) lets the key be
            // exported, NonExportable does not. Another key is not modelled.
            if (a.has("keyalgorithm") && !iequals(a.get("keyalgorithm"), "RSA"))
                return not_modelled("New-SelfSignedCertificate -KeyAlgorithm " + a.get("keyalgorithm") + " (RSA keys only)");
            if (a.has("keylength") && a.get("keylength") != "2048")
                return not_modelled("New-SelfSignedCertificate -KeyLength " + a.get("keylength") + " (2048-bit keys only)");
            std::string policy = a.get("keyexportpolicy", "ExportableEncrypted");
            if (!iequals(policy, "Exportable") && !iequals(policy, "ExportableEncrypted") && !iequals(policy, "NonExportable"))
                return error("New-SelfSignedCertificate : Cannot bind parameter 'KeyExportPolicy'. Cannot convert value \"" + policy +
                             "\" to type \"Microsoft.CertificateServices.Commands.KeyExportPolicy\".");
            std::string loc = a.get("certstorelocation", "Cert:\\LocalMachine\\My");
            static const Regex path(R"(Cert:\\LocalMachine\\(\w+))", Regex::icase);
            RegexMatch m;
            if (!path.full_match(loc, &m) || !parse_store_name(m[1])) return error("New-SelfSignedCertificate : unsupported CertStoreLocation " + loc);
            auto& state = lc.ctx.state;
            CertSpec spec;
            spec.subject = a.has("subject") ? a.get("subject") : "CN=" + names[0];
            if (spec.subject.find('=') == std::string::npos) spec.subject = "CN=" + spec.subject;
            spec.dns_names = names;
            spec.not_before = state.clock - std::chrono::minutes{10};
            std::string why;
            auto na = a.has("notafter") ? parse_date_arg(a.named.at("notafter"), state.clock, &why)
                                        : add_to_time(state.clock, 365, seconds_per_day);
            if (!why.empty()) return error("New-SelfSignedCertificate : " + why);
            if (!na) return error("New-SelfSignedCertificate : cannot convert NotAfter");
            spec.not_after = *na;
            spec.serial_hex = state.next_serial(0x200);
            spec.key_usage = {"Digital Signature", "Key Encipherment"};
            spec.extended_key_usage = {"Client Authentication", "Server Authentication"};
            // Its default provider is the CNG "Microsoft Software Key Storage Provider" (R7 applies).
            KeyProvider provider = a.has("provider") && a.get("provider") == provider_display_name(KeyProvider::capi) ? KeyProvider::capi : KeyProvider::cng;
            StoreName st = *parse_store_name(m[1]);
            // A -Subject or -DnsName that is not a name (found by tests/fuzz) is the cmdlet's error.
            auto made = add_typed_certificate(state, st, spec, provider, a.get("friendlyname"), "New-SelfSignedCertificate");
            if (!made.entry) return made.error;
            made.entry->exportable = !iequals(policy, "NonExportable");
            return ok(cert_drive_table(st, {made.entry}));
        }};

    c["import-pfxcertificate"] = {"PowerShell", {"filepath", "certstorelocation", "password", "exportable"},
        [](const Args& a, LineContext& lc) -> ActionResult {
            // Without it the runbook's own folder was read as the PFX (found by tests/fuzz).
            if (!a.has("filepath") || a.get("filepath").empty())
                return error("Import-PfxCertificate : the FilePath parameter is required");
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

    c["remove-item"] = {"PowerShell", {"path", "force"}, [](const Args& a, LineContext& lc) -> ActionResult {
        std::string path = a.has("path") ? a.get("path") : (a.positional.empty() ? "" : unquote(a.positional[0]));
        static const Regex cert(R"(Cert:\\LocalMachine\\(\w+)\\([0-9A-Fa-f]{40}))", Regex::icase);
        RegexMatch m;
        if (!cert.full_match(path, &m) || !parse_store_name(m[1]))
            return not_modelled("Remove-Item of " + path + " (the simulator has Cert:\\LocalMachine\\<store>\\<thumbprint>)");
        std::string thumb = upper_hex(m[2]);
        StoreName st = *parse_store_name(m[1]);
        if (!lc.ctx.state.store(st).find(thumb))
            return error(fmt::format("Remove-Item : Cannot find path '{}' because it does not exist.", path));
        auto r = action("remove-certificate", {{"certificate", by_thumbprint(thumb)}, {"store", to_string(st)}}, lc);
        if (r.ok) r.output = "";
        return r;
    }};
    c["get-childitem"] = {"PowerShell", {}, nullptr};  // handled as a query
}

}  // namespace cusim::runbook
