// setup.exe: the CU run again.
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include "sim/recovery/actions/action_support.hpp"
#include "sim/setup/certificate_tasks.hpp"
#include "sim/setup/setup_run.hpp"

namespace cusim {
namespace {

ActionFn parse_run_setup(const JsonAt& p, const InputFolder&) {
    p.allow_only({});
    return [](ActionContext& ctx) -> ActionResult {
        SetupResult r = run_setup(std::move(ctx.state));
        ctx.state = std::move(r.state);
        if (!r.completed)
            return {false, fmt::format("setup failed at {}: {}", r.error->step, r.error->exception.message),
                    r.error->step, r.error->exception.first_line(), r.log};
        return {true, texts::setup_completed(), "", "", r.log};
    };
}

}  // namespace

void add_setup_exe_actions(std::vector<ActionDef>& c) {
    c.push_back({"run-setup", "setup.exe",
                 "setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF", parse_run_setup});
}

}  // namespace cusim
