#pragma once
// Reads a real ExchangeSetup.log (C:\ExchangeSetupLogs): UTF-8 or UTF-16, with or without BOM,
// CRLF or LF. Each entry is `[MM/dd/yyyy HH:mm:ss.ffff] [N] text` (facts.md 1); a line without
// that prefix continues the entry before it (a quoted script, a stack trace, a blank line). Setup
// appends every run to the same file; a run starts at "Starting Microsoft Exchange Server ... Setup".
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/text_decode.hpp"

namespace cusim {

struct SetupLogEntry {
    size_t line = 0;    // where it starts in the file, 1-based
    std::string stamp;  // "03/11/2021 15:43:05.0713", as written
    int level = 0;      // the [N]
    std::string text;   // its first line, then its continuation lines, joined with '\n'
};

struct SetupLogRun {
    std::vector<SetupLogEntry> entries;
    size_t first_line() const { return entries.empty() ? 0 : entries.front().line; }
};

struct ParsedSetupLog {
    std::string path;
    TextEncoding encoding = TextEncoding::utf8;
    size_t lines = 0;
    std::vector<SetupLogRun> runs;  // in the file's order; the last one is the newest
};

// Throws InputError naming the file and line when the text is not a setup log (its first line
// has no timestamp prefix, or a prefix is malformed).
ParsedSetupLog parse_setup_log(std::string_view bytes, const std::string& path);
ParsedSetupLog read_setup_log(const std::string& path);

}  // namespace cusim
