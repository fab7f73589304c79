#include "sim/powershell/file_text.hpp"

#include "sim/core/text_decode.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/powershell/interpreter.hpp"

namespace cusim::ps {
namespace {

// Windows-1252's 0x80-0x9F (the rest of its bytes are the Unicode code point of the same number;
// .NET maps the five undefined bytes to U+0081, U+008D, U+008F, U+0090, U+009D).
constexpr char32_t cp1252_high[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
                                      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void put16(std::string& out, char16_t u, bool big) {
    if (big) {
        out += char(u >> 8);
        out += char(u & 0xFF);
    } else {
        out += char(u & 0xFF);
        out += char(u >> 8);
    }
}

void put32(std::string& out, char32_t u, bool big) {
    for (int i = 0; i < 4; ++i) out += char((u >> (big ? 24 - 8 * i : 8 * i)) & 0xFF);
}

bool starts(const std::string& b, std::initializer_list<unsigned char> bom) {
    if (b.size() < bom.size()) return false;
    size_t i = 0;
    for (unsigned char x : bom)
        if (static_cast<unsigned char>(b[i++]) != x) return false;
    return true;
}

}  // namespace

std::optional<FileEncoding> encoding_named(const std::string& name) {
    std::string n = ascii_lower(name);
    // FileSystemCmdletProviderEncoding: String and Unknown are Unicode (UTF-16LE).
    if (n == "unicode" || n == "string" || n == "unknown") return FileEncoding::utf16le;
    if (n == "bigendianunicode") return FileEncoding::utf16be;
    if (n == "utf8") return FileEncoding::utf8_bom;
    if (n == "utf32") return FileEncoding::utf32le;
    if (n == "bigendianutf32") return FileEncoding::utf32be;
    if (n == "ascii") return FileEncoding::ascii;
    if (n == "default") return FileEncoding::ansi;
    if (n == "utf7" || n == "oem" || n == "byte") throw NotModelled("-Encoding " + name);
    return std::nullopt;
}

std::string encode_text(const std::string& utf8, FileEncoding e, bool preamble) {
    std::string out;
    switch (e) {
        case FileEncoding::utf8_bom:
            if (preamble) out = "\xEF\xBB\xBF";
            [[fallthrough]];
        case FileEncoding::utf8: return out + utf8;
        case FileEncoding::utf16le:
        case FileEncoding::utf16be: {
            bool big = e == FileEncoding::utf16be;
            if (preamble) put16(out, 0xFEFF, big);
            return out + utf8_to_utf16(utf8, big);
        }
        case FileEncoding::utf32le:
        case FileEncoding::utf32be: {
            bool big = e == FileEncoding::utf32be;
            if (preamble) put32(out, 0xFEFF, big);
            for (char32_t cp : utf8_code_points(utf8)) put32(out, cp, big);
            return out;
        }
        case FileEncoding::ascii:
            // ASCIIEncoding writes '?' for every other character.
            for (char32_t cp : utf8_code_points(utf8)) out += cp < 0x80 ? char(cp) : '?';
            return out;
        case FileEncoding::ansi:
            for (char32_t cp : utf8_code_points(utf8)) {
                if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
                    out += char(cp);
                    continue;
                }
                int found = -1;
                for (int i = 0; i < 32; ++i)
                    if (cp1252_high[i] == cp) found = i;
                if (found < 0) throw NotModelled(fmt::format("the character U+{:04X} in an ANSI (Windows-1252) file", std::uint32_t(cp)));
                out += char(0x80 + found);
            }
            return out;
    }
    return out;
}

FileEncoding detect_encoding(const std::string& b) {
    if (starts(b, {0xEF, 0xBB, 0xBF})) return FileEncoding::utf8_bom;
    if (starts(b, {0xFF, 0xFE, 0x00, 0x00})) return FileEncoding::utf32le;
    if (starts(b, {0x00, 0x00, 0xFE, 0xFF})) return FileEncoding::utf32be;
    if (starts(b, {0xFF, 0xFE})) return FileEncoding::utf16le;
    if (starts(b, {0xFE, 0xFF})) return FileEncoding::utf16be;
    return FileEncoding::ansi;
}

std::string decode_file_bytes(const std::string& b) {
    std::string out;
    auto byte = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
    switch (detect_encoding(b)) {
        case FileEncoding::utf8_bom:
        case FileEncoding::utf8: return b.substr(3);
        case FileEncoding::utf16le:
        case FileEncoding::utf16be: {
            bool big = detect_encoding(b) == FileEncoding::utf16be;
            for (size_t i = 2; i + 1 < b.size(); i += 2) {
                char32_t u = big ? (byte(i) << 8 | byte(i + 1)) : (byte(i + 1) << 8 | byte(i));
                if (u >= 0xD800 && u < 0xDC00 && i + 3 < b.size()) {
                    char32_t lo = big ? (byte(i + 2) << 8 | byte(i + 3)) : (byte(i + 3) << 8 | byte(i + 2));
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
                append_utf8(out, u);
            }
            return out;
        }
        case FileEncoding::utf32le:
        case FileEncoding::utf32be: {
            bool big = detect_encoding(b) == FileEncoding::utf32be;
            for (size_t i = 4; i + 3 < b.size(); i += 4) {
                char32_t u = 0;
                for (int k = 0; k < 4; ++k) u |= char32_t(byte(i + k)) << (big ? 24 - 8 * k : 8 * k);
                append_utf8(out, u);
            }
            return out;
        }
        case FileEncoding::ascii:
        case FileEncoding::ansi:
            for (size_t i = 0; i < b.size(); ++i) append_utf8(out, byte(i) >= 0x80 && byte(i) < 0xA0 ? cp1252_high[byte(i) - 0x80] : byte(i));
            return out;
    }
    return out;
}

std::string encoding_name(FileEncoding e) {
    switch (e) {
        case FileEncoding::ansi: return "ANSI (Windows-1252)";
        case FileEncoding::ascii: return "ASCII";
        case FileEncoding::utf8_bom: return "UTF-8 with BOM";
        case FileEncoding::utf8: return "UTF-8";
        case FileEncoding::utf16le: return "UTF-16LE";
        case FileEncoding::utf16be: return "UTF-16BE";
        case FileEncoding::utf32le: return "UTF-32LE";
        case FileEncoding::utf32be: return "UTF-32BE";
    }
    return "";
}

std::string MemoryFiles::key(const std::string& full) { return ascii_lower(full); }

const std::string* MemoryFiles::file(const std::string& full) const {
    auto it = files_.find(key(full));
    return it == files_.end() ? nullptr : &it->second;
}

void MemoryFiles::write(const std::string& full, const std::string& bytes, bool append) {
    std::string& f = files_[key(full)];
    if (append) f += bytes;
    else f = bytes;
}

bool MemoryFiles::has_children(const std::string& folder) const {
    std::string prefix = key(folder) + "\\";
    auto below = [&](const std::string& k) { return k.compare(0, prefix.size(), prefix) == 0; };
    for (auto& [k, v] : files_)
        if (below(k)) return true;
    for (auto& k : directories_)
        if (below(k)) return true;
    return false;
}

void MemoryFiles::remove(const std::string& full) {
    files_.erase(key(full));
    directories_.erase(key(full));
}

}  // namespace cusim::ps
