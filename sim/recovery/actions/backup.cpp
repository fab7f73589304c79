// Backups: the server as it was before the CU.
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include "sim/recovery/actions/action_support.hpp"

namespace cusim {
namespace {

ActionFn parse_restore_from_backup(const JsonAt& p, const InputFolder&) {
    p.allow_only({});
    return [](ActionContext& ctx) -> ActionResult {
        SimTime now = ctx.state.clock;
        size_t used = ctx.state.spare_keys_used;
        ctx.state = ctx.scenario.state;
        ctx.state.clock = now;  // a restore does not turn back time
        ctx.state.spare_keys_used = used;
        return {true, "restored the pre-CU backup"};
    };
}

}  // namespace

void add_backup_actions(std::vector<ActionDef>& c) {
    c.push_back({"restore-from-backup", "backup",
                 "Restore the server to its state before the CU (case 2)", parse_restore_from_backup});
}

}  // namespace cusim
