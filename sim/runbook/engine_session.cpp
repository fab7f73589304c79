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
    std::string stopped_by;  // what ended the statement before its end: printed after its output
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
        stopped_by = e.text();
        r.not_modelled = true;
        out.script_stopped = "the script stopped at line " + std::to_string(e.line ? e.line : block[index]->pos.line);
    } catch (const RegexLimit& e) {
        stopped_by = e.what();
        out.script_stopped = "the script stopped";
    }
    // What the statement did before it ended is taken either way: a console session (the lab)
    // goes on after a stop, and must not find this statement's errors or setup run in the next.
    r.output = run.in.take_console() + stopped_by;
    auto unhandled = run.in.take_unhandled();
    auto setup = run.host.take_setup_outcome();
    r.setup_log = setup.log;
    r.setup_failed_step = setup.failed_step;
    r.setup_error = setup.error;
    if (!stopped_by.empty()) {
        r.ok = false;
        r.error_summary = stopped_by;
    } else if (!unhandled.empty()) {
        r.ok = false;
        const auto& u = unhandled.front();
        r.error_summary = u.line && u.line != block[index]->pos.line ? fmt::format("line {}: {}", u.line, u.first_line) : u.first_line;
        out.script_stopped = fmt::format("the script stopped at line {}", u.line);
        out.stopped_by_unhandled_error = true;
    }
    return out;
}

}  // namespace cusim::runbook
