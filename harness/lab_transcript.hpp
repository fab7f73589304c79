#pragma once
// What a trainee typed in the lab, kept two ways: every line (for the trainer's report) and
// the commands that still count (undo and reset take commands back), written as a runbook
// that `cusim check-tool` replays on the lesson's other variants.
#include <string>
#include <vector>

#include "sim/formats/input_paths.hpp"

namespace cusim {

class LabTranscript {
public:
    // A server command (or a GUI step a dialog ran); `files` are the files it read.
    void command(const std::string& line, bool ok, std::vector<InputFolder::ResolvedFile> files = {});
    // A lab command or its outcome, kept as a comment: "hint 1", "check: PASSED 95/100".
    void note(const std::string& text);
    // The index the next entry gets: undo(mark) takes back the command recorded there.
    size_t mark() const { return entries_.size(); }
    void undo(size_t mark);
    void reset();  // every command so far no longer counts

    std::vector<std::string> commands_that_count() const;
    std::vector<std::string> lines() const;  // everything, commands that no longer count as comments

    // The runbook: a header, then lines(). Files the commands read are copied into
    // `<transcript stem>.files/` beside it and the commands point there, so the runbook
    // replays from any folder.
    // `before_cu`: the trainee worked on the server before the CU (a before-trigger lesson).
    void write(const std::string& path, const std::string& title, const std::string& lesson_id, bool before_cu) const;

private:
    enum class Kind { command, failed, undone, before_reset, note };
    struct Entry {
        std::string text;
        Kind kind;
        std::vector<InputFolder::ResolvedFile> files;
    };
    static std::string render(const Entry& e);
    std::vector<Entry> entries_;
};

}  // namespace cusim
