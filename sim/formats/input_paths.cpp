#include "sim/formats/input_paths.hpp"

#include <fmt/format.h>

#include "sim/core/input_error.hpp"

namespace cusim {
namespace fs = std::filesystem;

bool path_is_inside(const fs::path& child, const fs::path& parent) {
    if (parent.empty()) return false;
    auto rel = fs::weakly_canonical(child).lexically_relative(parent);
    return !rel.empty() && *rel.begin() != "..";
}

InputFolder::InputFolder(const std::string& input_file) : input_file_(input_file) {
    folder_ = fs::weakly_canonical(fs::absolute(input_file)).parent_path();
    // The nearest ancestor folder that has a fixtures/ subfolder.
    for (fs::path dir = folder_; !dir.empty(); dir = dir.parent_path()) {
        if (fs::is_directory(dir / "fixtures")) {
            fixtures_root_ = fs::weakly_canonical(dir / "fixtures");
            break;
        }
        if (dir == dir.root_path()) break;
    }
}

std::string InputFolder::resolve(const JsonAt& at) const {
    std::string rel = at.str();
    fs::path p = fs::weakly_canonical(folder_ / rel);
    if (!path_is_inside(p, folder_) && !path_is_inside(p, fixtures_root_))
        at.fail(fmt::format("'{}' is outside the folder of {} and the fixtures folder", rel,
                            fs::path(input_file_).filename().string()));
    if (!fs::exists(p)) at.fail(fmt::format("file '{}' does not exist", rel));
    std::string path = (fs::path(input_file_).parent_path() / rel).lexically_normal().string();
    resolved_.push_back({rel, path});
    return path;
}

std::string InputFolder::resolve_in_repository(const JsonAt& at) const {
    std::string rel = at.str();
    fs::path p = fs::weakly_canonical(folder_ / rel);
    if (!path_is_inside(p, fixtures_root_.empty() ? folder_ : fixtures_root_.parent_path()))
        at.fail(fmt::format("'{}' is outside the repository", rel));
    if (!fs::exists(p)) at.fail(fmt::format("file '{}' does not exist", rel));
    return (fs::path(input_file_).parent_path() / rel).lexically_normal().string();
}

}  // namespace cusim
