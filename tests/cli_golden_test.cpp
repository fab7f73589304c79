// The lit of this project for the command line: every tests/cli/NAME.test holds the
// arguments (`RUN:`) and the exit code (`EXIT:`); NAME.expected holds the exact output.
// As in lit, `%t` stands for a fresh temporary folder, in the arguments and the output;
// `STDIN: path` after a RUN: line feeds a file to that command's standard input.
// Several RUN: lines run in order in the same %t (each with the STDIN: and EXIT: that follow
// it; exit 0 if none); their outputs follow each other, each under a `$ cusim ARGS` line. `CAT: FILE`
// between them shows a file a command wrote, under a `$ cat FILE` line.
// `CWD: folder` after a RUN: line runs it there (not in the source tree), `ENV: NAME=value` sets a
// variable for it; in the output, the source folder reads `%S`.
// `REQUIRES: shared-data` marks a case that reads ../shared (third-party data the project does not
// carry; `%shared` stands for that folder): such cases run in the CTest test cli_golden_shared_test
// (CUSIM_CLI_CASES=shared), which is skipped, saying why, when the folder is absent.
// `REQUIRES: fence` marks a case that runs a program fix fenced (bubblewrap): such cases run in
// cli_golden_fence_test (CUSIM_CLI_CASES=fence), skipped, saying why, where bubblewrap cannot run.
// A new case is a new pair of files. CUSIM_UPDATE_GOLDEN=1 rewrites the expected files.
#define BOOST_TEST_MODULE cli_golden
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <sstream>

#include "tests/test_support.hpp"

namespace {
// "shared", "fence" or "" (the cases every machine runs).
std::string requirement(const std::filesystem::path& test_file) {
    std::string text = cusim::test::read_text(test_file.string());
    if (text.find("REQUIRES: shared-data") != std::string::npos) return "shared";
    if (text.find("REQUIRES: fence") != std::string::npos) return "fence";
    return "";
}

std::vector<std::string> case_names() {
    const char* env = std::getenv("CUSIM_CLI_CASES");
    std::string which = env ? env : "";
    if (which == "shared") cusim::test::require_shared("data");
    if (which == "fence") cusim::test::require_fence();
    std::vector<std::string> names;
    for (auto& e : std::filesystem::directory_iterator(cusim::test::source_path("tests/cli")))
        if (e.path().extension() == ".test" && requirement(e.path()) == which) names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> split_args(const std::string& line) {
    std::vector<std::string> args;
    std::string cur;
    bool quoted = false, any = false;
    for (char c : line) {
        if (c == '"') { quoted = !quoted; any = true; continue; }
        if (c == ' ' && !quoted) {
            if (any) args.push_back(cur);
            cur.clear();
            any = false;
            continue;
        }
        cur += c;
        any = true;
    }
    if (any) args.push_back(cur);
    return args;
}
}  // namespace

struct Step {
    std::string cat;  // a file to show instead of a command to run
    std::vector<std::string> args;
    std::string stdin_path;
    std::string workdir;
    std::vector<std::string> env;
    int expected_exit = 0;
    std::string line;  // the RUN: line, for the output's header
};

std::vector<Step> parse_steps(const std::string& spec) {
    std::vector<Step> steps;
    std::istringstream in(spec);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("STDIN:", 0) == 0 && !steps.empty())
            steps.back().stdin_path = cusim::test::source_path(line.substr(line.find_first_not_of(' ', 6)));
        if (line.rfind("CWD:", 0) == 0 && !steps.empty()) steps.back().workdir = line.substr(line.find_first_not_of(' ', 4));
        if (line.rfind("ENV:", 0) == 0 && !steps.empty()) steps.back().env.push_back(line.substr(line.find_first_not_of(' ', 4)));
        if (line.rfind("RUN:", 0) == 0) {
            size_t start = line.find_first_not_of(' ', 4);  // a bare `RUN:` runs cusim without arguments
            std::string args = start == std::string::npos ? "" : line.substr(start);
            steps.push_back({"", split_args(args), "", "", {}, 0, args});
        }
        if (line.rfind("CAT:", 0) == 0) {
            std::string file = line.substr(line.find_first_not_of(' ', 4));
            steps.push_back({file, {}, "", "", {}, 0, file});
        }
        if (line.rfind("EXIT:", 0) == 0 && !steps.empty()) steps.back().expected_exit = std::stoi(line.substr(5));
    }
    return steps;
}

BOOST_DATA_TEST_CASE(cli_case, boost::unit_test::data::make(case_names()), name) {
    std::vector<Step> steps = parse_steps(cusim::test::read_text(cusim::test::source_path("tests/cli/" + name + ".test")));
    BOOST_REQUIRE_MESSAGE(!steps.empty(), name << ".test has no RUN: line");
    std::string tmp = cusim::test::make_temp_dir("cli-" + name);
    std::string output;
    const std::string shared = cusim::test::shared_dir();
    auto with_tmp = [&](std::string text) {
        for (size_t pos; (pos = text.find("%shared")) != std::string::npos;) text.replace(pos, 7, shared);
        for (size_t pos; (pos = text.find("%t")) != std::string::npos;) text.replace(pos, 2, tmp);
        return text;
    };
    // Paths that differ between machines read as placeholders: the temporary folder, ../shared
    // (as named and canonical: a command may print either), the source folder.
    const std::string shared_canonical = std::filesystem::weakly_canonical(shared).string();
    auto placeholders = [&](std::string text) {
        for (auto& [path, name] : {std::pair{tmp, "%t"}, {shared, "%shared"}, {shared_canonical, "%shared"},
                                   {std::string(CUSIM_SOURCE_DIR), "%S"}})
            for (size_t pos; !path.empty() && (pos = text.find(path)) != std::string::npos;) text.replace(pos, path.size(), name);
        return text;
    };
    for (auto& step : steps) {
        if (!step.cat.empty()) {
            output += "$ cat " + step.cat + "\n" + placeholders(cusim::test::read_text(with_tmp(step.cat)));
            continue;
        }
        for (auto& a : step.args) a = with_tmp(a);
        for (auto& e : step.env) e = with_tmp(e);
        auto result = cusim::test::run_cusim(step.args, with_tmp(step.workdir), step.stdin_path, step.env);
        result.output = placeholders(result.output);
        BOOST_TEST(result.exit_code == step.expected_exit, name << ": exit code of `" << step.line << "`\n" << result.output);
        output += (steps.size() > 1 ? "$ cusim " + step.line + "\n" : "") + result.output;
    }
    std::string expected_path = cusim::test::source_path("tests/cli/" + name + ".expected");
    if (cusim::test::update_golden()) cusim::test::write_text(expected_path, output);
    std::string diff = cusim::test::line_diff(cusim::test::read_text(expected_path), output);
    BOOST_TEST(diff.empty(), name << ": output differs from " << name << ".expected\n" << diff);
}
