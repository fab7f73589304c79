#pragma once
// Where an input file may point: inside its own folder or the repository's fixtures/
// folder, never elsewhere (DEVELOPERS.md: "a path outside the scenario folder" is bad input).
#include <filesystem>
#include <string>
#include <vector>

#include "sim/core/input_error.hpp"
#include "sim/formats/json_input.hpp"

namespace cusim {

class InputFolder {
public:
    struct ResolvedFile {
        std::string as_written;  // the path as the input named it
        std::string path;        // where it was found
    };

    explicit InputFolder(const std::string& input_file);

    // The path, as the user would name it (relative to where the input file was named from),
    // after checking that it stays inside the input's folder or fixtures/ and exists.
    std::string resolve(const JsonAt& at) const;
    // Lessons name scenarios anywhere in the repository (the folder that holds fixtures/).
    std::string resolve_in_repository(const JsonAt& at) const;
    // The fixtures folder above the input file ("" if there is none).
    const std::filesystem::path& fixtures_root() const { return fixtures_root_; }
    const std::filesystem::path& folder() const { return folder_; }
    // Every file resolve() let through, in order: a lab transcript carries copies of them so
    // that it can be replayed from any folder.
    const std::vector<ResolvedFile>& resolved_files() const { return resolved_; }

    // Loads through `load`, and names the input's JSON pointer when the referenced file is bad.
    template <class F>
    auto load(const JsonAt& at, F load_file) const {
        std::string file = resolve(at);
        try {
            return load_file(file);
        } catch (const InputError& e) {
            at.fail(e.what());
        }
    }

private:
    std::string input_file_;
    std::filesystem::path folder_, fixtures_root_;
    mutable std::vector<ResolvedFile> resolved_;
};

bool path_is_inside(const std::filesystem::path& child, const std::filesystem::path& parent);

}  // namespace cusim
