// `cusim lab LESSON`: the training lab.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "harness/lab.hpp"
#include "sim/core/did_you_mean.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/safe_name.hpp"

namespace cusim {

void add_lab_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string lesson;
        std::string transcript, report;
        std::string lessons_dir;
        bool list = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "lab",
                   "Training lab: repair a broken server by typing the real commands (a lesson id or file)",
                   "0 the final grade passed (or --list), 1 it did not", action);
    cmd.option("lesson", opts->lesson, "A lesson id (see --list) or a lesson file").type("LESSON|PATH");
    cmd.option("--transcript", opts->transcript, "Write what was typed as a runbook (replay it with `cusim check-tool`)").type("PATH");
    cmd.option("--report", opts->report, "Write the final grade, the commands and the variants' grades as JSON").type("PATH");
    cmd.flag("--list", opts->list, "List the lessons, easiest first");
    cmd.option("--lessons", opts->lessons_dir, "The lessons folder (lesson ids are looked up here; default: the bundled lessons)").type("DIR");
    cmd.action([opts] {
        namespace fs = std::filesystem;
        if (opts->lessons_dir.empty()) opts->lessons_dir = data_path("lessons");
        if (opts->list || opts->lesson.empty()) {
            std::vector<Lesson> lessons;
            for (auto& f : find_lessons(opts->lessons_dir)) lessons.push_back(load_lesson(f));
            std::stable_sort(lessons.begin(), lessons.end(), [](auto& a, auto& b) { return a.level < b.level; });
            for (auto& l : lessons) std::cout << fmt::format("{:<36} level {}  {}\n", l.id, l.level, l.title);
            return int(exit_ok);
        }
        // A lesson file, or a lesson id looked up in the lessons folder: an id is a name, so
        // `cusim lab ../x` cannot read outside that folder.
        bool is_file = fs::is_regular_file(opts->lesson);
        std::string path = is_file ? opts->lesson : (fs::path(opts->lessons_dir) / (opts->lesson + ".json")).string();
        if (!is_file && !unsafe_name_reason(opts->lesson).empty())
            throw InputError(opts->lesson, std::string("no such lesson file, and not a lesson id: ") + safe_name_rule);
        if (!fs::is_regular_file(path)) {
            std::vector<std::string> ids;
            for (auto& f : find_lessons(opts->lessons_dir)) ids.push_back(fs::path(f).stem().string());
            throw InputError(opts->lesson, fmt::format("no such lesson file, nor a lesson of {}/{} (`cusim lab --list` "
                                                       "lists them)",
                                                       opts->lessons_dir, did_you_mean(opts->lesson, ids)));
        }
        Lesson lesson = load_lesson(path);
        LabOptions o{opts->transcript, opts->report, isatty(0) && isatty(1)};
        return run_lab(lesson, std::cin, std::cout, o);
    });
}

}  // namespace cusim
