#pragma once
// Files cusim writes (run's and check-tool's reports, a lab's transcript and grade): a reader sees
// the old file or the whole new one, never a part of one, and a set of reports is one run's or
// visibly not whole.
//
// Each file is written to a temporary file in the target's own folder, created exclusively under
// a random name (O_CREAT|O_EXCL|O_NOFOLLOW: a symlink planted in the folder is never written
// through), fsync'd, and renamed over its target; then the folder is fsync'd, so the rename
// survives a power loss. A set of files is vouched for by a manifest in sha256sum's format
// (`cd DIR && sha256sum -c reports.sha256`) written after the last rename; the old manifest is
// removed before the first file is replaced. A set that was interrupted has no manifest; one
// whose manifest checks is one run's (README, "Is a report set whole?").
//
// Temporaries are named `.cusim-tmp-` + 12 letters and digits + `.` + the target's name. A kill
// can leave some behind; the next write into that folder removes every name of that shape. Two
// cusim processes writing into one folder take turns (flock on the folder), so that this never
// removes a live writer's temporary.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace cusim {

// The manifest beside a report set.
inline constexpr const char* report_manifest_name = "reports.sha256";

// One file, not part of a set (no manifest).
void write_file_atomically(const std::string& path, const std::string& content);

class AtomicFileSet {
public:
    // Opens `dir` (made if missing; "" is the current folder), waits while another cusim writes
    // into it, removes the temporaries a killed writer left there, and creates one temporary
    // per name. `manifest`: the manifest's name, or "" for a lone file.
    AtomicFileSet(const std::string& dir, const std::vector<std::string>& names, const std::string& manifest);
    // Without commit(): the temporaries are removed and the targets (and manifest) untouched.
    ~AtomicFileSet();
    AtomicFileSet(const AtomicFileSet&) = delete;
    AtomicFileSet& operator=(const AtomicFileSet&) = delete;

    // The stream of names[i].
    std::ostream& stream(size_t i);
    // A read-write file in the folder for text that must wait (report.html's details wait for
    // the end of the matrix): it has no name (O_TMPFILE, or a temporary removed once open),
    // so nothing of it outlives the process, and the text is not held in memory.
    std::iostream& spool();
    // Flushes and fsyncs every temporary, removes the old manifest, renames each temporary over
    // its target, writes the new manifest the same way, and fsyncs the folder.
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cusim
