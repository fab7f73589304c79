#include "sim/runbook/commands.hpp"

#include "sim/core/text.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {
namespace {

CommandTable make_commands() {
    CommandTable c;
    add_netsh_commands(c);
    add_certutil_commands(c);
    add_cert_drive_commands(c);
    add_web_administration_commands(c);
    add_services_commands(c);
    add_clock_commands(c);
    add_setup_exe_commands(c);
    add_exchange_cmdlets_commands(c);
    add_gui_steps_commands(c);
    return c;
}

}  // namespace

const CommandTable& commands() {
    static const CommandTable table = make_commands();
    return table;
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

bool is_native_program(const std::string& key, const Command& command) {
    return command.params.empty() && key.find('-') == std::string::npos;
}

ActionResult ok(std::string output) { return {true, std::move(output)}; }
ActionResult error(std::string message) { return {false, std::move(message)}; }
ActionResult not_modelled(std::string what) {
    ActionResult r{false, what + " is not modelled by the simulator"};
    r.not_modelled = true;
    r.error_summary = std::move(what);
    return r;
}

ActionResult action(const std::string& name, Json params, LineContext& lc) {
    return run_action(name, params, lc.ctx, lc.folder);
}

Json by_thumbprint(const std::string& t) { return Json{{"thumbprint", upper_hex(t)}}; }

}  // namespace cusim::runbook
