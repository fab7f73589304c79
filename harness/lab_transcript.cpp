#include "harness/lab_transcript.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include "harness/atomic_file.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {
namespace fs = std::filesystem;

void LabTranscript::command(const std::string& line, bool ok, std::vector<InputFolder::ResolvedFile> files) {
    entries_.push_back({line, ok ? Kind::command : Kind::failed, std::move(files)});
}

void LabTranscript::note(const std::string& text) { entries_.push_back({text, Kind::note, {}}); }

void LabTranscript::undo(size_t mark) {
    if (mark < entries_.size() && (entries_[mark].kind == Kind::command || entries_[mark].kind == Kind::failed))
        entries_[mark].kind = Kind::undone;
}

void LabTranscript::reset() {
    for (auto& e : entries_)
        if (e.kind == Kind::command) e.kind = Kind::before_reset;
    note("reset: the server is back where the lesson started");
}

std::string LabTranscript::render(const Entry& e) {
    switch (e.kind) {
        case Kind::command: return e.text;
        case Kind::failed: return "# failed: " + e.text;
        case Kind::undone: return "# undone: " + e.text;
        case Kind::before_reset: return "# before reset: " + e.text;
        case Kind::note: return "# " + e.text;
    }
    return e.text;
}

std::vector<std::string> LabTranscript::commands_that_count() const {
    std::vector<std::string> out;
    for (auto& e : entries_)
        if (e.kind == Kind::command) out.push_back(e.text);
    return out;
}

std::vector<std::string> LabTranscript::lines() const {
    std::vector<std::string> out;
    for (auto& e : entries_) out.push_back(render(e));
    return out;
}

namespace {

// The command with the path as typed (either slash) replaced by `replacement`.
std::string repoint(std::string text, const std::string& as_written, const std::string& replacement) {
    std::string backslashed = as_written;
    for (auto& c : backslashed)
        if (c == '/') c = '\\';
    for (const std::string& form : {backslashed, as_written}) {
        size_t pos = text.find(form);
        if (pos != std::string::npos) return text.replace(pos, form.size(), replacement);
    }
    return text;
}

}  // namespace

void LabTranscript::write(const std::string& path, const std::string& title, const std::string& lesson_id,
                          bool before_cu) const {
    fs::path target(path);
    std::string folder_name = target.stem().string() + ".files";
    std::map<std::string, std::string> copied;  // source -> name in the folder
    std::set<std::string> names;
    std::string text = fmt::format("# title: {} (lab transcript)\n# source: cusim lab {}\n# when: {}\n", title, lesson_id,
                                   before_cu ? "before-cu" : "after-failure");
    for (auto& e : entries_) {
        std::string line = render(e);
        if (e.kind == Kind::command) {
            for (auto& f : e.files) {
                auto [it, fresh] = copied.emplace(fs::weakly_canonical(f.path).string(), "");
                if (fresh) {
                    std::string name = fs::path(f.path).filename().string();
                    if (!names.insert(name).second) name = fmt::format("{}-{}", copied.size(), name);
                    it->second = name;
                    Bytes data = read_file_bytes(f.path);
                    write_file_atomically((target.parent_path() / folder_name / name).string(),
                                          std::string(data.begin(), data.end()));
                }
                line = repoint(line, f.as_written, folder_name + "\\" + it->second);
            }
        }
        text += line + "\n";
    }
    write_file_atomically(path, text);
}

}  // namespace cusim
