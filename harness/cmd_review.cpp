// `cusim review LOG`: a real ExchangeSetup.log reviewed (sim/review, reports/review_report).
#include <iostream>

#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "reports/review_report.hpp"
#include "sim/review/log_review.hpp"
#include "sim/runbook/fix_files.hpp"

namespace cusim {

void add_review_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string log;
        std::string fixes_dir;
        bool json = false;
        bool unfenced = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "review",
                   "Read a real ExchangeSetup.log: the last setup run, its failure named as CSS-Exchange's "
                   "SetupLogReviewer names it, and for a certificate failure the fixes verified on the server the log "
                   "implies",
                   "0 the last run completed, 1 it failed (the review says why)", action);
    cmd.option("log", opts->log, "The ExchangeSetup.log (UTF-8 or UTF-16, CRLF or LF, several runs appended)")
        .required()
        .type("PATH");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue to verify (default: the bundled one)").type("DIR");
    cmd.flag("--json", opts->json, "Print the review as JSON");
    cmd.flag("--unfenced", opts->unfenced, unfenced_help);
    cmd.action([opts] {
        ParsedSetupLog log = read_setup_log(opts->log);
        std::string fixes = opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir;
        // The implied server's key names resolve from a folder below the data folder's fixtures/.
        LogReview review = review_setup_log(log, load_fix_catalogue(fixes), data_path("scenarios/review-implied.json"),
                                            ProgramFence{opts->unfenced});
        std::cout << (opts->json ? review_json(review) : review_text(review));
        return review.facts.completed ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
