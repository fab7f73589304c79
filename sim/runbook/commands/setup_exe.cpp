// setup.exe /m:upgrade: the CU run again.
#include "sim/runbook/commands.hpp"

#include "sim/core/text.hpp"
#include "sim/runbook/command_syntax.hpp"
#include "sim/setup/setup_run.hpp"

namespace cusim::runbook {

void add_setup_exe_commands(CommandTable& c) {
    c["setup"] = {"setup.exe", {}, [](const Args& a, LineContext& lc) -> ActionResult {
        std::string l = lower(join(a.tokens(), " "));
        if (l.find("/m:upgrade") == std::string::npos && l.find("/mode:upgrade") == std::string::npos)
            return not_modelled("setup without /m:upgrade (/mode:Upgrade)");
        if (l.find("/iacceptexchangeserverlicenseterms") == std::string::npos)
            return error("The license terms must be accepted: add /IAcceptExchangeServerLicenseTerms_DiagnosticDataON or "
                         "/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF.");
        SetupResult r = run_setup(std::move(lc.ctx.state));
        lc.ctx.state = std::move(r.state);
        if (!r.completed) return {false, r.console, r.error->step, r.error->exception.first_line(), r.log};
        return {true, r.console, "", "", r.log};
    }};
}

}  // namespace cusim::runbook
