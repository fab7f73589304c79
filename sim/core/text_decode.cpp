#include "sim/core/text_decode.hpp"

#include <fmt/format.h>

#include "sim/core/input_error.hpp"

namespace cusim {

namespace {
// Written through a pointer into room made beforehand: a character at a time through
// std::string's push_back was a fifth of `cusim preflight` on a fleet of export folders (the
// collector's CLIXML files are UTF-16).
char* put_utf8(char* out, char32_t c) {
    if (c < 0x80) {
        *out++ = char(c);
    } else if (c < 0x800) {
        *out++ = char(0xC0 | (c >> 6));
        *out++ = char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *out++ = char(0xE0 | (c >> 12));
        *out++ = char(0x80 | ((c >> 6) & 0x3F));
        *out++ = char(0x80 | (c & 0x3F));
    } else {
        *out++ = char(0xF0 | (c >> 18));
        *out++ = char(0x80 | ((c >> 12) & 0x3F));
        *out++ = char(0x80 | ((c >> 6) & 0x3F));
        *out++ = char(0x80 | (c & 0x3F));
    }
    return out;
}

std::string from_utf16(std::string_view bytes, bool little_endian, const std::string& path) {
    if (bytes.size() % 2)
        throw InputError(path, "UTF-16 text with an odd number of bytes (the file is cut short or not UTF-16)");
    // Each UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
    std::string out(bytes.size() / 2 * 3, '\0');
    char* p = out.data();
    auto unit = [&](size_t i) {
        auto lo = static_cast<unsigned char>(bytes[i + (little_endian ? 0 : 1)]);
        auto hi = static_cast<unsigned char>(bytes[i + (little_endian ? 1 : 0)]);
        return char32_t(lo | (hi << 8));
    };
    size_t line = 1;
    for (size_t i = 0; i < bytes.size(); i += 2) {
        char32_t c = unit(i);
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 2 >= bytes.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF)
                throw InputError(path, fmt::format("line {}", line), "UTF-16 text with an unpaired surrogate");
            c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
            i += 2;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            throw InputError(path, fmt::format("line {}", line), "UTF-16 text with an unpaired surrogate");
        }
        if (c == '\n') ++line;
        p = put_utf8(p, c);
    }
    out.resize(size_t(p - out.data()));
    return out;
}

std::string normalise_newlines(std::string_view text) {
    // Most files have no CR at all: copied whole (every script fix load reads one).
    size_t cr = text.find('\r');
    if (cr == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    // A line at a time: the text up to each CR whole, then one LF for CR or CRLF.
    size_t from = 0;
    for (; cr != std::string_view::npos; cr = text.find('\r', from)) {
        out.append(text.data() + from, cr - from);
        out += '\n';
        from = cr + 1;
        if (from < text.size() && text[from] == '\n') ++from;
    }
    out.append(text.data() + from, text.size() - from);
    return out;
}
}  // namespace

DecodedText decode_text(std::string_view bytes, const std::string& path) {
    auto starts = [&](std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; };
    if (starts("\xEF\xBB\xBF")) return {normalise_newlines(bytes.substr(3)), TextEncoding::utf8_bom};
    if (starts("\xFF\xFE")) return {normalise_newlines(from_utf16(bytes.substr(2), true, path)), TextEncoding::utf16le};
    if (starts("\xFE\xFF")) return {normalise_newlines(from_utf16(bytes.substr(2), false, path)), TextEncoding::utf16be};
    // No BOM: UTF-16 shows itself by a NUL beside each ASCII character.
    if (bytes.size() >= 4 && bytes.size() % 2 == 0) {
        if (bytes[0] != '\0' && bytes[1] == '\0' && bytes[2] != '\0' && bytes[3] == '\0')
            return {normalise_newlines(from_utf16(bytes, true, path)), TextEncoding::utf16le};
        if (bytes[0] == '\0' && bytes[1] != '\0' && bytes[2] == '\0' && bytes[3] != '\0')
            return {normalise_newlines(from_utf16(bytes, false, path)), TextEncoding::utf16be};
    }
    return {normalise_newlines(bytes), TextEncoding::utf8};
}

bool is_utf16(std::string_view bytes) {
    if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") return true;
    return bytes.size() >= 4 && bytes.size() % 2 == 0 &&
           ((bytes[0] != '\0' && bytes[1] == '\0' && bytes[2] != '\0' && bytes[3] == '\0') ||
            (bytes[0] == '\0' && bytes[1] != '\0' && bytes[2] == '\0' && bytes[3] != '\0'));
}

std::string encode_text(std::string_view utf8, TextEncoding encoding) {
    std::string crlf;
    crlf.reserve(utf8.size() + utf8.size() / 16);
    for (size_t i = 0; i < utf8.size(); ++i) {
        if (utf8[i] == '\n' && (i == 0 || utf8[i - 1] != '\r')) crlf += '\r';
        crlf += utf8[i];
    }
    if (encoding == TextEncoding::utf8) return crlf;
    if (encoding == TextEncoding::utf8_bom) return "\xEF\xBB\xBF" + crlf;
    std::string bom = encoding == TextEncoding::utf16le ? "\xFF\xFE" : "\xFE\xFF";
    return bom + utf8_to_utf16(crlf, encoding == TextEncoding::utf16be);
}

std::u32string utf8_code_points(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        char32_t cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
        for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    char buf[4];
    out.append(buf, size_t(put_utf8(buf, c) - buf));
}

std::string utf8_to_utf16(std::string_view utf8, bool big_endian) {
    std::string out;
    out.reserve(utf8.size() * 2);
    auto unit = [&](uint32_t u) {
        char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    };
    for (char32_t cp : utf8_code_points(utf8)) {
        if (cp >= 0x10000) {  // a surrogate pair
            cp -= 0x10000;
            unit(0xD800 | (cp >> 10));
            unit(0xDC00 | (cp & 0x3FF));
        } else {
            unit(cp);
        }
    }
    return out;
}

std::string to_string(TextEncoding e) {
    switch (e) {
        case TextEncoding::utf8: return "UTF-8";
        case TextEncoding::utf8_bom: return "UTF-8 with BOM";
        case TextEncoding::utf16le: return "UTF-16LE";
        case TextEncoding::utf16be: return "UTF-16BE";
    }
    return "?";
}

}  // namespace cusim
