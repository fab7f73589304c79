#include "sim/recovery/action_catalogue.hpp"

#include "sim/core/input_error.hpp"
#include "sim/recovery/actions/action_support.hpp"
#include "sim/recovery/actions/tool_actions.hpp"

namespace cusim {
namespace {

// In the order `cusim fixes --actions` lists them: the tools an admin reaches for, IIS first.
std::vector<ActionDef> make_catalogue() {
    std::vector<ActionDef> c;
    add_iis_manager_actions(c);
    add_netsh_http_actions(c);
    add_certificates_actions(c);
    add_exchange_cmdlets_actions(c);
    add_services_actions(c);
    add_clock_actions(c);
    add_setup_exe_actions(c);
    add_backup_actions(c);
    return c;
}

}  // namespace

const std::vector<ActionDef>& action_catalogue() {
    static const std::vector<ActionDef> catalogue = make_catalogue();
    return catalogue;
}

ActionResult run_action(const std::string& name, const Json& params, ActionContext& ctx, const InputFolder& folder) {
    const ActionDef* def = find_action(name);
    if (!def) return failed("no action " + name);
    try {
        return def->parse(JsonAt(params, "runbook", ""), folder)(ctx);
    } catch (const InputError& e) {
        // A parameter's error names the runbook line already; a file's names the file.
        return failed(e.file() == "runbook" ? e.message() : e.what());
    }
}

const ActionDef* find_action(const std::string& name) {
    for (auto& a : action_catalogue())
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace cusim
