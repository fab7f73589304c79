#pragma once
// Where an input file may point: inside its own folder or the trusted fixtures folder, never
// elsewhere (DEVELOPERS.md: "a path outside the scenario folder" is bad input). One place
// resolves every path an input names: canonicalised once (every symbolic link followed), checked
// against the two roots, and the checked path is what the caller opens, so a link that leaves a
// root is refused and `inner-link/../../x` means what the kernel makes of it (issue 18).
#include <filesystem>
#include <string>
#include <vector>

#include "sim/core/input_error.hpp"
#include "sim/formats/json_input.hpp"

namespace cusim {

// The fixtures folder every input may name files in, whose keys/ is the key pool: cusim's data
// folder's fixtures/ or one named on the command line (the harness sets it before it reads any
// input), never a folder found by walking up from the input: a fixtures/ planted in /tmp would
// make itself the trusted root and key pool of every scenario under /tmp. `why_none` says why
// there is none, for the error of a scenario that needs it.
void set_fixtures_root(const std::string& dir, const std::string& why_none = "");
const std::filesystem::path& fixtures_root();  // canonical; empty when there is none
const std::string& why_no_fixtures_root();

// A checked canonical path as it should be shown: relative to the current folder when it lies
// below it (what a run from the checkout always printed), absolute otherwise.
std::string shown_path(const std::filesystem::path& canonical);

class InputFolder {
public:
    struct ResolvedFile {
        std::string as_written;  // the path as the input named it
        std::string path;        // where it was found
    };

    explicit InputFolder(const std::string& input_file);

    // The file `at` names, canonical (shown_path), after checking that it stays inside the
    // input's folder or the fixtures folder and is a regular file.
    std::string resolve(const JsonAt& at) const;
    // Lessons name scenarios in their own folder or anywhere in cusim's data folder (the folder
    // that holds the fixtures folder).
    std::string resolve_in_repository(const JsonAt& at) const;
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
