#include "sim/formats/setup_log.hpp"

#include <fmt/format.h>

#include "sim/core/input_error.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {

namespace {
bool digits(std::string_view s, size_t from, size_t count) {
    if (from + count > s.size()) return false;
    for (size_t i = from; i < from + count; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// `[MM/dd/yyyy HH:mm:ss.ffff] [N] `: the stamp, the level and where the text starts; false when
// the line does not start like that (then it continues the entry before it).
bool split_prefix(std::string_view line, std::string& stamp, int& level, size_t& text_start) {
    // [03/11/2021 15:43:05.0713] [0] text
    // 0123456789012345678901234567890
    if (line.size() < 30 || line[0] != '[' || line[25] != ']' || line[26] != ' ' || line[27] != '[') return false;
    if (!(digits(line, 1, 2) && line[3] == '/' && digits(line, 4, 2) && line[6] == '/' && digits(line, 7, 4) &&
          line[11] == ' ' && digits(line, 12, 2) && line[14] == ':' && digits(line, 15, 2) && line[17] == ':' &&
          digits(line, 18, 2) && line[20] == '.' && digits(line, 21, 4)))
        return false;
    size_t close = line.find(']', 28);
    if (close == std::string_view::npos || close == 28 || close > 31 || !digits(line, 28, close - 28)) return false;
    stamp = std::string(line.substr(1, 24));
    level = std::stoi(std::string(line.substr(28, close - 28)));
    text_start = close + 1 < line.size() && line[close + 1] == ' ' ? close + 2 : close + 1;
    return true;
}

bool starts_run(const std::string& text) {
    return text.rfind("Starting Microsoft Exchange Server", 0) == 0 && text.find(" Setup") != std::string::npos;
}
bool is_banner(const std::string& text) { return text.size() >= 10 && text.find_first_not_of('*') == std::string::npos; }
}  // namespace

ParsedSetupLog parse_setup_log(std::string_view bytes, const std::string& path) {
    ParsedSetupLog log;
    log.path = path;
    DecodedText decoded = decode_text(bytes, path);
    log.encoding = decoded.encoding;
    std::string_view text = decoded.utf8;
    SetupLogRun current;
    size_t line_no = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        ++line_no;
        SetupLogEntry entry;
        size_t text_start = 0;
        if (!split_prefix(line, entry.stamp, entry.level, text_start)) {
            if (current.entries.empty() && log.runs.empty()) {
                if (line.empty()) continue;  // blank lines before the first entry
                throw InputError(path, fmt::format("line {}", line_no),
                                 "not an ExchangeSetup.log line (expected [MM/dd/yyyy HH:mm:ss.ffff] [N] text)");
            }
            current.entries.back().text += '\n';
            current.entries.back().text += line;
            continue;
        }
        entry.line = line_no;
        entry.text = std::string(line.substr(text_start));
        if (starts_run(entry.text) && !current.entries.empty()) {
            // The banner before "Starting ..." opens the new run.
            SetupLogEntry banner;
            bool moved = is_banner(current.entries.back().text);
            if (moved) {
                banner = std::move(current.entries.back());
                current.entries.pop_back();
            }
            if (!current.entries.empty()) log.runs.push_back(std::move(current));
            current = SetupLogRun{};
            if (moved) current.entries.push_back(std::move(banner));
        }
        current.entries.push_back(std::move(entry));
    }
    if (!current.entries.empty()) log.runs.push_back(std::move(current));
    log.lines = line_no;
    if (log.runs.empty()) throw InputError(path, "is empty: no ExchangeSetup.log line in it");
    return log;
}

ParsedSetupLog read_setup_log(const std::string& path) {
    Bytes data = read_file_bytes(path);
    return parse_setup_log(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), path);
}

}  // namespace cusim
