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

// The input's folder and the nearest ancestor folder that has a fixtures/ subfolder. Every
// scenario of a folder has the same two: found once per folder and process (a fleet run
// spent most of its system time in readlink here).
std::pair<fs::path, fs::path> folder_and_fixtures(const std::string& input_file) {
    fs::path absolute = fs::absolute(input_file);
    std::error_code ec;
    if (fs::is_symlink(absolute, ec))  // its folder is where the link points
        absolute = fs::weakly_canonical(absolute);
    static Memo<std::pair<fs::path, fs::path>> by_folder;
    return by_folder.get(absolute.parent_path().string(), [&] {
        fs::path folder = fs::weakly_canonical(absolute.parent_path());
        fs::path fixtures;
        for (fs::path dir = folder; !dir.empty(); dir = dir.parent_path()) {
            if (fs::is_directory(dir / "fixtures")) {
                fixtures = fs::weakly_canonical(dir / "fixtures");
                break;
            }
            if (dir == dir.root_path()) break;
        }
        return std::make_pair(folder, fixtures);
    });
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

InputFolder::InputFolder(const std::string& input_file) : input_file_(input_file) {
    std::tie(folder_, fixtures_root_) = folder_and_fixtures(input_file);
}

std::string InputFolder::resolve(const JsonAt& at) const {
    std::string rel = at.str();
    fs::path p = usable_path(at, rel, [&] { return canonical_under(folder_, rel); });
    if (!canonical_is_inside(p, folder_) && !canonical_is_inside(p, fixtures_root_))
        at.fail(fmt::format("'{}' is outside the folder of {} and the fixtures folder", rel,
                            fs::path(input_file_).filename().string()));
    if (!usable_path(at, rel, [&] { return fs::exists(p); })) at.fail(fmt::format("file '{}' does not exist", rel));
    std::string path = (fs::path(input_file_).parent_path() / rel).lexically_normal().string();
    resolved_.push_back({rel, path});
    return path;
}

std::string InputFolder::resolve_in_repository(const JsonAt& at) const {
    std::string rel = at.str();
    fs::path p = usable_path(at, rel, [&] { return canonical_under(folder_, rel); });
    if (!canonical_is_inside(p, fixtures_root_.empty() ? folder_ : fixtures_root_.parent_path()))
        at.fail(fmt::format("'{}' is outside the repository", rel));
    if (!usable_path(at, rel, [&] { return fs::exists(p); })) at.fail(fmt::format("file '{}' does not exist", rel));
    return (fs::path(input_file_).parent_path() / rel).lexically_normal().string();
}

}  // namespace cusim
