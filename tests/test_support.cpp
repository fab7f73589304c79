#include "tests/test_support.hpp"

#include "sim/formats/input_paths.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/recovery/program_fix.hpp"

namespace cusim::test {

// The trusted fixtures folder, as the cusim command sets it from its data folder: every test
// calls something of this file, so this runs before any test reads a scenario.
static const bool fixtures_root_set = (set_fixtures_root(std::string(CUSIM_SOURCE_DIR) + "/fixtures"), true);

std::string source_path(const std::string& relative) { return std::string(CUSIM_SOURCE_DIR) + "/" + relative; }

// CUSIM_SHARED_DIR stands in for ../shared: CI sets it to a missing folder to check that a clone
// with nothing beside it still passes (its tests that need the data are skipped).
std::string shared_dir() {
    const char* env = std::getenv("CUSIM_SHARED_DIR");
    return env && *env ? std::string(env) : std::string(CUSIM_SOURCE_DIR) + "/../shared";
}

std::string shared_path(const std::string& relative) { return shared_dir() + "/" + relative; }

void require_shared(const std::string& relative) {
    std::string path = shared_path(relative);
    if (std::filesystem::is_directory(path) || std::filesystem::is_regular_file(path)) return;
    std::fprintf(stderr, "SKIPPED: this test needs ../shared/%s beside the checkout (third-party data the project "
                 "does not carry); %s is not there\n", relative.c_str(), path.c_str());
    std::exit(skip_exit_code);
}

std::string to_utf16(const std::string& utf8_in, bool big_endian) {
    std::string_view s = utf8_in;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    auto unit = [&](unsigned u) {
        char hi = char(u >> 8), lo = char(u & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    };
    for (size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        unsigned c = b, n = 0;
        if (b >= 0xF0) c = b & 0x07, n = 3;
        else if (b >= 0xE0) c = b & 0x0F, n = 2;
        else if (b >= 0xC0) c = b & 0x1F, n = 1;
        for (unsigned k = 1; k <= n && i + k < s.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += n + 1;
        if (c >= 0x10000) {
            c -= 0x10000;
            unit(0xD800 + (c >> 10));
            unit(0xDC00 + (c & 0x3FF));
        } else {
            unit(c);
        }
    }
    return out;
}

void require_fence() {
    cusim::FenceStatus fence = cusim::program_fence_status();
    if (fence.available) return;
    std::fprintf(stderr, "SKIPPED: this test runs program fixes fenced, and %s\n", fence.why.c_str());
    std::exit(skip_exit_code);
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

static std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

CommandResult run_command(const std::string& shell_command) {
    CommandResult r;
    FILE* pipe = popen((shell_command + " 2>&1").c_str(), "r");
    if (!pipe) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
    int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return r;
}

CommandResult validate_json(const std::string& schema, const std::string& file_or_folder) {
    return run_command("/usr/bin/python3 " + shell_quote(source_path("tests/validate_scenarios.py")) + " " +
                       shell_quote(source_path(schema)) + " " + shell_quote(file_or_folder));
}

CommandResult run_cusim(const std::vector<std::string>& args, const std::string& workdir, const std::string& stdin_file,
                        const std::vector<std::string>& env) {
    std::string cmd = "cd " + shell_quote(workdir.empty() ? std::string(CUSIM_SOURCE_DIR) : workdir) + " && ";
    if (!env.empty()) cmd += "env ";  // a quoted NAME=value is not an assignment to sh
    for (auto& e : env) cmd += shell_quote(e) + " ";
    cmd += shell_quote(CUSIM_BINARY);
    for (auto& a : args) cmd += " " + shell_quote(a);
    cmd += " < " + (stdin_file.empty() ? std::string("/dev/null") : shell_quote(stdin_file));
    return run_command(cmd);
}

static std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::string line;
    std::istringstream in(s);
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

std::string line_diff(const std::string& expected, const std::string& actual) {
    if (expected == actual) return "";
    auto a = split_lines(expected), b = split_lines(actual);
    // Longest common subsequence; golden files are small enough for the quadratic table.
    std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (size_t i = a.size(); i-- > 0;)
        for (size_t j = b.size(); j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::string out;
    size_t i = 0, j = 0, shown = 0;
    while ((i < a.size() || j < b.size()) && shown < 60) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) { ++i; ++j; continue; }
        if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
            out += "+" + std::to_string(j + 1) + ": " + b[j] + "\n";
            ++j;
        } else {
            out += "-" + std::to_string(i + 1) + ": " + a[i] + "\n";
            ++i;
        }
        ++shown;
    }
    if (out.empty()) out = "(the texts differ only in line endings or a final newline)\n";
    return out;
}

bool update_golden() {
    const char* v = std::getenv("CUSIM_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

std::string make_temp_dir(const std::string& name) {
    auto dir = std::filesystem::path(CUSIM_TEST_TMP) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}


std::string golden_diff(const std::string& path, const std::string& actual) {
    if (update_golden()) {
        write_text(path, actual);
        return "";
    }
    std::string expected = std::filesystem::exists(path) ? read_text(path) : std::string();
    return line_diff(expected, actual);
}

}  // namespace cusim::test
