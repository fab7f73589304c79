// certutil -store, -repairstore, -delstore and -importpfx.
#include "sim/runbook/commands.hpp"

#include "sim/formats/tool_output.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

void add_certutil_commands(CommandTable& c) {
    c["certutil"] = {"certutil", {}, [](const Args& a, LineContext& lc) -> ActionResult {
        auto t = a.tokens();
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
        return not_modelled("certutil " + rest[0]);
    }};
}

}  // namespace cusim::runbook
