// GUI steps, which have no command of their own: named for the simulator (and the lab) so
// that every built-in fix reads as a runbook.
#include "sim/runbook/commands.hpp"

#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

void add_gui_steps_commands(CommandTable& c) {
    c["iis-createselfsignedcertificate"] = {"IIS Manager", {"friendlyname", "store"}, [](const Args& a, LineContext& lc) -> ActionResult {
        return action("iis-create-self-signed", {{"friendlyName", a.get("friendlyname")}, {"store", a.get("store", "Personal")}}, lc);
    }};
    c["iis-editsitebinding"] = {"IIS Manager", {"site", "binding", "certificate"}, [](const Args& a, LineContext& lc) -> ActionResult {
        // The dialog lists certificates by friendly name; a thumbprint works too.
        std::string cert = a.get("certificate");
        Json sel = upper_hex(cert).size() == 40 && cert.size() == 40 ? by_thumbprint(cert) : Json{{"friendlyName", cert}};
        return action("iis-edit-binding", {{"site", a.get("site", "Default Web Site")}, {"binding", a.get("binding")}, {"certificate", sel}}, lc);
    }};
    c["certlm-manageprivatekeys"] = {"certlm.msc", {"thumbprint"}, [](const Args& a, LineContext& lc) -> ActionResult {
        return action("grant-key-access", {{"certificate", by_thumbprint(a.get("thumbprint"))}}, lc);
    }};
    c["restore-serverbackup"] = {"Windows Server Backup", {}, [](const Args&, LineContext& lc) {
        return action("restore-from-backup", Json::object(), lc);
    }};
}

}  // namespace cusim::runbook
