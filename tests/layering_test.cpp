// The layering rule: a folder includes only from its own layer and the layers below it, as
// CMakeLists.txt declares them (written to layers.txt at configure time). A header-only
// include from a higher layer would never show up as a link error, so the include lines
// themselves are checked. A planted tree (tests/layering/planted) proves the check fails.
#define BOOST_TEST_MODULE layering
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace cusim::test;

namespace {

struct Layers {
    std::vector<std::string> order;                       // as declared, lowest first
    std::map<std::string, std::vector<std::string>> uses;  // direct DEPENDS
};

Layers read_layers(const std::string& path) {
    Layers layers;
    std::istringstream in(read_text(path));
    for (std::string line; std::getline(in, line);) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string dir = line.substr(0, colon);
        layers.order.push_back(dir);
        layers.uses[dir];  // a layer with no DEPENDS uses only itself
        std::istringstream deps(line.substr(colon + 1));
        for (std::string d; deps >> d;) layers.uses[dir].push_back(d);
    }
    return layers;
}

// Every layer a layer may include: itself, its DEPENDS and theirs, in declaration order.
std::vector<std::string> allowed(const Layers& layers, const std::string& dir) {
    std::set<std::string> seen{dir};
    std::vector<std::string> todo{dir};
    while (!todo.empty()) {
        std::string d = todo.back();
        todo.pop_back();
        for (auto& dep : layers.uses.at(d))
            if (seen.insert(dep).second) todo.push_back(dep);
    }
    std::vector<std::string> out;
    for (auto& d : layers.order)
        if (seen.count(d) && d != dir) out.push_back(d);
    return out;
}

// The layer a path inside the tree belongs to: the longest layer folder that holds it.
std::string layer_of(const Layers& layers, const std::string& path) {
    std::string best;
    for (auto& d : layers.order)
        if (path.rfind(d + "/", 0) == 0 && d.size() > best.size()) best = d;
    return best;
}

std::string join(const std::vector<std::string>& v, const std::string& last_sep) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i == 0 ? "" : i + 1 == v.size() ? last_sep : ", ") + v[i];
    return s;
}

std::vector<std::string> self_and(const std::string& self, std::vector<std::string> others) {
    others.insert(others.begin(), self);
    return others;
}

// The file a `#include "..."` line names, or "" (std::regex would cost this test 5 s to build).
std::string quoted_include(const std::string& line) {
    std::istringstream in(line);
    std::string word;
    in >> std::ws;
    if (in.peek() != '#') return "";
    in.get();
    in >> word;
    if (word.rfind("include", 0) != 0) return "";
    std::string rest = word.substr(7);
    std::string tail;
    std::getline(in, tail);
    rest += tail;
    size_t open = rest.find('"');
    if (open == std::string::npos || rest.find_first_not_of(" \t") != open) return "";
    size_t close = rest.find('"', open + 1);
    return close == std::string::npos ? "" : rest.substr(open + 1, close - open - 1);
}

// One line per violation, sorted: "file:line: includes X: why".
std::string check_tree(const std::string& root, const Layers& layers) {
    std::set<std::string> tops;  // sim, harness, reports: the folders layers live in
    for (auto& d : layers.order) tops.insert(d.substr(0, d.find('/')));
    std::vector<std::string> problems;
    for (auto& top : tops) {
        if (!fs::is_directory(root + "/" + top)) continue;
        for (auto& e : fs::recursive_directory_iterator(root + "/" + top)) {
            auto ext = e.path().extension();
            if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
            std::string file = fs::relative(e.path(), root).generic_string();
            std::string from = layer_of(layers, file);
            if (from.empty()) {
                problems.push_back(file + ": is in no layer folder (" + join(layers.order, ", ") + ")");
                continue;
            }
            auto may = allowed(layers, from);
            std::istringstream in(read_text(e.path().string()));
            int number = 0;
            for (std::string line; std::getline(in, line);) {
                ++number;
                std::string target = quoted_include(line);
                if (target.empty()) continue;
                if (!tops.count(target.substr(0, target.find('/')))) continue;  // a library's header
                std::string to = layer_of(layers, target);
                std::string where = file + ":" + std::to_string(number) + ": includes " + target;
                if (to.empty()) problems.push_back(where + ", which is in no layer folder");
                else if (to != from && std::find(may.begin(), may.end(), to) == may.end())
                    problems.push_back(where + ": " + from + " may include only " + join(self_and(from, may), " and "));
            }
        }
    }
    std::sort(problems.begin(), problems.end());
    std::string out;
    for (auto& p : problems) out += p + "\n";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_tree_includes_only_downwards) {
    Layers layers = read_layers(CUSIM_LAYERS_FILE);
    BOOST_REQUIRE_MESSAGE(layers.order.size() > 5, "layers.txt lists the layers CMakeLists.txt declares");
    std::string problems = check_tree(CUSIM_SOURCE_DIR, layers);
    BOOST_TEST(problems.empty(), "upward or stray includes:\n" << problems);
}

BOOST_AUTO_TEST_CASE(a_planted_upward_include_is_reported) {
    std::string dir = source_path("tests/layering/planted");
    std::string actual = check_tree(dir, read_layers(dir + "/layers.txt"));
    std::string diff = line_diff(read_text(source_path("tests/layering/planted.expected")), actual);
    BOOST_TEST(diff.empty(), "layering report differs:\n" << diff);
}

// Two headers that define a type of the same name at namespace scope are two definitions of one
// type in the program (the one-definition rule): the linker keeps one of their inline functions
// and the other's objects run it. cusim::SetupLog was once both setup's log writer and the
// setup-log reader; only the sanitizer build noticed. Every such name is defined once.
BOOST_AUTO_TEST_CASE(no_type_is_defined_twice) {
    std::map<std::string, std::vector<std::string>> defined;
    for (const char* root : {"sim", "reports", "harness"}) {
        for (auto& f : fs::recursive_directory_iterator(source_path(root))) {
            if (f.path().extension() != ".hpp") continue;
            std::ifstream in(f.path());
            for (std::string line; std::getline(in, line);) {
                for (const char* kw : {"struct ", "class ", "enum class "}) {
                    std::string k = kw;
                    if (line.rfind(k, 0) != 0 || line.back() == ';') continue;  // a definition at namespace scope
                    std::string name = line.substr(k.size(), line.find_first_of(" :{", k.size()) - k.size());
                    if (line.compare(k.size() + name.size(), 2, "::") == 0) continue;  // Outer::Impl
                    defined[name].push_back(fs::relative(f.path(), source_path("")).string());
                }
            }
        }
    }
    std::string twice;
    for (auto& [name, files] : defined)
        if (files.size() > 1) twice += name + ": " + files[0] + ", " + files[1] + "\n";
    BOOST_TEST(twice.empty(), "types defined in two headers:\n" << twice);
    BOOST_TEST(defined.size() > 50u);
}

// std::regex recurses once per character of the text and backtracks without limit: a long
// runbook line overflowed the stack and a user's -match pattern hung cusim (issue 18). Every
// regular expression goes through sim/core/regex.hpp (PCRE2 with match and depth limits).
BOOST_AUTO_TEST_CASE(no_file_uses_std_regex) {
    std::string users;
    for (const char* root : {"sim", "reports", "harness", "bench"}) {
        for (auto& f : fs::recursive_directory_iterator(source_path(root))) {
            if (f.path().extension() != ".hpp" && f.path().extension() != ".cpp") continue;
            std::ifstream in(f.path());
            int number = 0;
            for (std::string line; std::getline(in, line);) {
                ++number;
                if (line.find_first_not_of(' ') != std::string::npos && line.compare(line.find_first_not_of(' '), 2, "//") == 0)
                    continue;  // a comment that says why
                if (line.find("#include <regex>") != std::string::npos || line.find("std::regex") != std::string::npos ||
                    line.find("std::smatch") != std::string::npos)
                    users += fs::relative(f.path(), source_path("")).string() + ":" + std::to_string(number) + "\n";
            }
        }
    }
    BOOST_TEST(users.empty(), "std::regex used at:\n" << users);
}
