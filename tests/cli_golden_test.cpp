// The lit of this project for the command line: every tests/cli/NAME.test holds the
// arguments (`RUN:`) and the exit code (`EXIT:`); NAME.expected holds the exact output.
// As in lit, `%t` stands for a fresh temporary folder, in the arguments and the output;
// `STDIN: path` feeds a file to the command's standard input.
// A new case is a new pair of files. CUSIM_UPDATE_GOLDEN=1 rewrites the expected files.
#define BOOST_TEST_MODULE cli_golden
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <sstream>

#include "tests/test_support.hpp"

namespace {
std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (auto& e : std::filesystem::directory_iterator(cusim::test::source_path("tests/cli")))
        if (e.path().extension() == ".test") names.push_back(e.path().stem().string());
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

BOOST_DATA_TEST_CASE(cli_case, boost::unit_test::data::make(case_names()), name) {
    std::string spec = cusim::test::read_text(cusim::test::source_path("tests/cli/" + name + ".test"));
    std::vector<std::string> args;
    int expected_exit = 0;
    std::string stdin_path;
    std::istringstream in(spec);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("RUN:", 0) == 0) args = split_args(line.substr(4));
        if (line.rfind("EXIT:", 0) == 0) expected_exit = std::stoi(line.substr(5));
        if (line.rfind("STDIN:", 0) == 0) stdin_path = cusim::test::source_path(line.substr(line.find_first_not_of(' ', 6)));
    }
    BOOST_REQUIRE_MESSAGE(!args.empty(), name << ".test has no RUN: line");
    std::string tmp = cusim::test::make_temp_dir("cli-" + name);
    for (auto& a : args)
        for (size_t pos; (pos = a.find("%t")) != std::string::npos;) a.replace(pos, 2, tmp);
    auto result = cusim::test::run_cusim(args, "", stdin_path);
    for (size_t pos; (pos = result.output.find(tmp)) != std::string::npos;) result.output.replace(pos, tmp.size(), "%t");
    std::string expected_path = cusim::test::source_path("tests/cli/" + name + ".expected");
    if (cusim::test::update_golden()) cusim::test::write_text(expected_path, result.output);
    BOOST_TEST(result.exit_code == expected_exit, name << ": exit code\n" << result.output);
    std::string diff = cusim::test::line_diff(cusim::test::read_text(expected_path), result.output);
    BOOST_TEST(diff.empty(), name << ": output differs from " << name << ".expected\n" << diff);
}
