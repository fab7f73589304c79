// `cusim lab LESSON`: the training lab.
#include <unistd.h>

#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include "harness/commands.hpp"
#include "harness/lab.hpp"
#include "sim/input_error.hpp"

namespace cusim {

void add_lab_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string lesson;
        std::string transcript, report;
        bool list = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "lab", "Training lab: repair a broken server by typing the real commands (a lesson id or file).\n"
               "Exit codes: 0 the last `check` passed, 1 it did not, 2 unusable input");
    cmd->add_option("lesson", opts->lesson, "A lesson id of lessons/ or a lesson file");
    cmd->add_option("--transcript", opts->transcript, "Write what was typed as a runbook (for check-tool)");
    cmd->add_option("--report", opts->report, "Write the last check's grade as JSON");
    cmd->add_flag("--list", opts->list, "List the lessons");
    cmd->callback([opts, &action] {
        action = [opts] {
            namespace fs = std::filesystem;
            if (opts->list || opts->lesson.empty()) {
                for (auto& f : find_lessons("lessons")) {
                    Lesson l = load_lesson(f);
                    std::cout << fmt::format("{:<36} level {}  {}\n", l.id, l.level, l.title);
                }
                return int(exit_ok);
            }
            std::string path = fs::is_regular_file(opts->lesson) ? opts->lesson : "lessons/" + opts->lesson + ".json";
            if (!fs::is_regular_file(path)) throw InputError(opts->lesson, "no such lesson (see `cusim lab --list`)");
            Lesson lesson = load_lesson(path);
            LabOptions o{opts->transcript, opts->report, isatty(0) && isatty(1)};
            return run_lab(lesson, std::cin, std::cout, o);
        };
    });
}

}  // namespace cusim
