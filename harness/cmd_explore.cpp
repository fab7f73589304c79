// `cusim explore (--fix ID | --all-fixes | --tool FILE) [--seed N] [--states N | --time S] [--jobs N]
// [--out DIR]`: generated server states run through a fix, every fix or a tool, each checked for
// the explorer's properties (sim/explore/explorer.hpp); every distinct way one breaks is shrunk to
// a minimal scenario file in DIR.
#include <unistd.h>

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "harness/atomic_file.hpp"
#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "sim/core/input_error.hpp"
#include "sim/explore/explorer.hpp"
#include "sim/runbook/fix_files.hpp"

namespace cusim {
namespace {

std::uint64_t parse_count(const std::string& text, const std::string& option, std::uint64_t min, std::uint64_t max) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || v < min || v > max)
        throw InputError(option, fmt::format("'{}' is not a whole number from {} to {}", text, min, max));
    return v;
}

}  // namespace

void add_explore_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string fix, tool, seed = "1", states, time, out = "cusim-explore", fixes_dir;
        bool all_fixes = false;
        int jobs = 0;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "explore",
                   "Search generated server states for those where a fix or a tool goes wrong, and shrink each to a minimal "
                   "scenario",
                   "0 no property broke, 1 a property broke (the summary lists the counterexamples)", action);
    cmd.option("--fix", opts->fix, "The catalogue fix to explore").type("FIX");
    cmd.flag("--all-fixes", opts->all_fixes, "Explore every fix of the catalogue");
    cmd.option("--tool", opts->tool, "A recovery tool (runbook .ps1/.cmd, or a fix .json) to explore, and compare with the catalogue")
        .type("PATH");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue folder (default: the bundled one)").type("DIR");
    cmd.option("--seed", opts->seed, "The run's seed: the same seed and --states give the same states and result")
        .type("N")
        .show_default();
    cmd.option("--states", opts->states, "How many states to try (default: 10000)").type("N");
    cmd.option("--time", opts->time,
               "Try states for this many seconds of wall time instead (the result then depends on the machine's speed)")
        .type("SECONDS");
    cmd.option("--jobs", opts->jobs, "Threads (default: one per core); the result does not depend on it");
    cmd.option("--out", opts->out, "Where the counterexamples' scenario files go").type("DIR").show_default();
    cmd.action([opts] {
        int targets = !opts->fix.empty() + opts->all_fixes + !opts->tool.empty();
        if (targets != 1) throw InputError("explore", "give one of --fix ID, --all-fixes or --tool FILE");
        if (!opts->states.empty() && !opts->time.empty()) throw InputError("--time", "give --states or --time, not both");
        if (opts->jobs < 0) throw InputError("--jobs", "must be 0 (one per core) or more");
        ExploreOptions o;
        o.seed = parse_count(opts->seed, "--seed", 0, UINT64_MAX);
        o.states = opts->states.empty() ? 10000 : parse_count(opts->states, "--states", 1, 100'000'000);
        o.jobs = opts->jobs ? unsigned(opts->jobs) : std::max(1u, std::thread::hardware_concurrency());
        std::vector<Fix> catalogue = load_fix_catalogue(opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir);
        std::optional<Fix> tool;
        ExploreTarget target;
        std::string target_text;
        if (!opts->tool.empty()) {
            tool = load_fix_file(opts->tool);
            target.tool = &*tool;
            for (auto& f : catalogue) target.catalogue.push_back(&f);
            target_text = fmt::format("the tool {} against {} catalogue fixes", tool->id, catalogue.size());
        } else if (opts->all_fixes) {
            for (auto& f : catalogue) target.fixes.push_back(&f);
            target_text = fmt::format("all {} fixes", catalogue.size());
        } else {
            auto it = std::find_if(catalogue.begin(), catalogue.end(), [&](auto& f) { return f.id == opts->fix; });
            if (it == catalogue.end()) throw InputError("--fix", fmt::format("no fix '{}' in the catalogue", opts->fix));
            target.fixes.push_back(&*it);
            target_text = "the fix " + it->id;
        }
        // --time reads the wall clock, for the budget only: no simulated date depends on it, but how
        // many states are tried (and so the result) does. Tests use --states.
        if (!opts->time.empty()) {
            std::uint64_t seconds = parse_count(opts->time, "--time", 1, 86400 * 7);
            o.states = 100'000'000;
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
            o.stop = [deadline] { return std::chrono::steady_clock::now() >= deadline; };
        }
        // Progress on a terminal only: a file or a pipe gets the summary alone.
        bool terminal = isatty(STDERR_FILENO) == 1;
        std::mutex progress_mutex;
        if (terminal)
            o.progress = [&, total = opts->time.empty() ? o.states : 0](std::uint64_t done, std::uint64_t failing) {
                std::lock_guard<std::mutex> lock(progress_mutex);
                if (total) std::cerr << fmt::format("\rexplored {}/{} states, {} broke a property", done, total, failing);
                else std::cerr << fmt::format("\rexplored {} states, {} broke a property", done, failing);
                std::cerr.flush();
            };
        ExploreResult r = run_explore(o, target);
        if (terminal) std::cerr << "\rshrinking done" << std::string(40, ' ') << "\r" << std::flush;
        if (!r.counterexamples.empty()) {
            std::filesystem::create_directories(opts->out);
            for (auto& c : r.counterexamples) {
                std::string path = (std::filesystem::path(opts->out) / (c.id + ".json")).string();
                write_file_atomically(path, c.scenario.dump(2) + "\n");
                // What was written must replay: read back as `cusim run` reads it.
                if (!replays(load_scenario(path), c, target))
                    throw std::logic_error(fmt::format("{} does not break {} again when read back", path, to_string(c.violation.property)));
            }
        }
        std::cout << explore_summary(r, o, target_text, r.counterexamples.empty() ? "" : opts->out);
        return r.counterexamples.empty() ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
