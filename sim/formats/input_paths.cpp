#include "sim/formats/input_paths.hpp"

#include <fmt/format.h>

#include "sim/core/input_error.hpp"
#include "sim/core/memo.hpp"

namespace cusim {
namespace fs = std::filesystem;

namespace {
// `canonical` is already canonical: a lexical test suffices.
bool canonical_is_inside(const fs::path& canonical, const fs::path& parent) {
    if (parent.empty()) return false;
    auto rel = canonical.lexically_relative(parent);
    return !rel.empty() && *rel.begin() != "..";
}

// Function-local: set_fixtures_root may run during another file's static initialisation.
struct FixturesRoot {
    fs::path dir;
    std::string why_none = "no fixtures folder was set";
};
FixturesRoot& trusted_root() {
    static FixturesRoot root;
    return root;
}

// The input's canonical folder. Every scenario of a folder has the same one: found once per
// folder and process (a fleet run spent most of its system time in readlink here).
fs::path canonical_folder(const std::string& input_file) {
    fs::path absolute = fs::absolute(input_file);
    std::error_code ec;
    if (fs::is_symlink(absolute, ec))  // its folder is where the link points
        absolute = fs::weakly_canonical(absolute);
    static Memo<fs::path> by_folder;
    return by_folder.get(absolute.parent_path().string(), [&] { return fs::weakly_canonical(absolute.parent_path()); });
}
// A path under the input's folder, canonical: the same few fixture files are named by every
// scenario of a fleet.
fs::path canonical_under(const fs::path& folder, const std::string& rel) {
    static Memo<fs::path> canonical;
    return canonical.get((folder / rel).string(), [&] { return fs::weakly_canonical(folder / rel); });
}
}  // namespace

// A path the file system refuses (a name too long, ...) is the input's error: <filesystem> would
// throw its own exception (found by tests/fuzz: a lesson's scenario path of 300 characters).
template <class F>
auto usable_path(const JsonAt& at, const std::string& rel, F check) {
    try {
        return check();
    } catch (const fs::filesystem_error& e) {
        at.fail(fmt::format("'{}' is not a usable path: {}", rel, e.code().message()));
    }
}

bool path_is_inside(const fs::path& child, const fs::path& parent) {
    return canonical_is_inside(fs::weakly_canonical(child), parent);
}

void set_fixtures_root(const std::string& dir, const std::string& why_none) {
    trusted_root().dir = dir.empty() ? fs::path() : fs::weakly_canonical(fs::absolute(dir));
    trusted_root().why_none = why_none.empty() ? "no fixtures folder was set" : why_none;
}
const fs::path& fixtures_root() { return trusted_root().dir; }
const std::string& why_no_fixtures_root() { return trusted_root().why_none; }

std::string shown_path(const fs::path& canonical) {
    static const fs::path cwd = [] {
        std::error_code ec;
        fs::path c = fs::current_path(ec);
        return ec ? fs::path() : fs::weakly_canonical(c, ec);
    }();
    if (canonical_is_inside(canonical, cwd)) return canonical.lexically_relative(cwd).string();
    return canonical.string();
}

InputFolder::InputFolder(const std::string& input_file)
    : input_file_(input_file), folder_(canonical_folder(input_file)), fixtures_root_(trusted_root().dir) {}

namespace {
// The checked file must be one: a folder, a device or a pipe named as a certificate is the
// input's error (a FIFO would block the read for ever; "file": "../../fixtures" once ended in an
// internal error inside libstdc++).
void require_regular_file(const JsonAt& at, const std::string& rel, const fs::path& p) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) at.fail(fmt::format("file '{}' does not exist", rel));
    if (fs::is_directory(st)) at.fail(fmt::format("'{}' is a folder; a file was expected here", rel));
    if (!fs::is_regular_file(st)) at.fail(fmt::format("'{}' is not a regular file (a device, a pipe or a socket)", rel));
}
}  // namespace

std::string InputFolder::resolve(const JsonAt& at) const {
    std::string rel = at.str();
    fs::path p = usable_path(at, rel, [&] { return canonical_under(folder_, rel); });
    if (!canonical_is_inside(p, folder_) && !canonical_is_inside(p, fixtures_root_))
        at.fail(fmt::format("'{}' is outside the folder of {} and the fixtures folder ({}; --fixtures DIR names another)", rel,
                            fs::path(input_file_).filename().string(),
                            fixtures_root_.empty() ? std::string("none") : shown_path(fixtures_root_)));
    require_regular_file(at, rel, p);
    std::string path = shown_path(p);
    resolved_.push_back({rel, path});
    return path;
}

std::string InputFolder::resolve_in_repository(const JsonAt& at) const {
    std::string rel = at.str();
    fs::path p = usable_path(at, rel, [&] { return canonical_under(folder_, rel); });
    if (!canonical_is_inside(p, folder_) && (fixtures_root_.empty() || !canonical_is_inside(p, fixtures_root_.parent_path())))
        at.fail(fmt::format("'{}' is outside the folder of {} and cusim's data folder", rel,
                            fs::path(input_file_).filename().string()));
    require_regular_file(at, rel, p);
    return shown_path(p);
}

}  // namespace cusim
