#include "sim/runbook/engine_session.hpp"

#include <fmt/format.h>

#include "sim/core/regex.hpp"

namespace cusim::runbook {

StatementOutcome run_statement(EngineSession& run, const std::shared_ptr<const ps::ParsedScript>& script, std::size_t index,
                               ActionContext& ctx) {
    run.host.attach(ctx, run.folder);
    const auto& block = script->script->end_block->statements;
    StatementOutcome out;
    ActionResult& r = out.result;
    try {
        run.in.run_top_statement(*block[index], block, index, script);
    } catch (const ps::Interpreter::ExitRequested& e) {
        out.script_stopped = fmt::format("the script ended at line {}", block[index]->pos.line);
        if (e.code != 0) {
            // `exit 1`, or an error that stopped the script (then its record is quoted below).
            r.ok = false;
            r.error_summary = fmt::format("the script exited with code {}", e.code);
        }
    } catch (const ps::NotModelled& e) {
        // Something the simulator does not model: never approximated, the run stops here.
        r.output = run.in.take_console() + e.text();
        r.ok = false;
        r.not_modelled = true;
        r.error_summary = e.text();
        out.script_stopped = "the script stopped at line " + std::to_string(e.line ? e.line : block[index]->pos.line);
        return out;
    } catch (const RegexLimit& e) {
        r.output = run.in.take_console() + e.what();
        r.ok = false;
        r.error_summary = e.what();
        out.script_stopped = "the script stopped";
        return out;
    }
    r.output = run.in.take_console();
    auto unhandled = run.in.take_unhandled();
    auto setup = run.host.take_setup_outcome();
    r.setup_log = setup.log;
    r.setup_failed_step = setup.failed_step;
    r.setup_error = setup.error;
    if (!unhandled.empty()) {
        r.ok = false;
        const auto& u = unhandled.front();
        r.error_summary = u.line && u.line != block[index]->pos.line ? fmt::format("line {}: {}", u.line, u.first_line) : u.first_line;
        out.script_stopped = fmt::format("the script stopped at line {}", u.line);
    }
    return out;
}

}  // namespace cusim::runbook
