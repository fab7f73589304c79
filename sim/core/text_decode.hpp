#pragma once
// Text files as Windows writes them, decoded to UTF-8: Windows PowerShell 5.1 writes UTF-16LE
// with a BOM by default (Out-File, Export-Clixml, `>`), setup writes its log in UTF-8 or UTF-16,
// notepad adds a UTF-8 BOM. Every text reader decodes through here, so none of them sees a BOM,
// a NUL between letters or a CR before a newline.
#include <string>
#include <string_view>

namespace cusim {

enum class TextEncoding { utf8, utf8_bom, utf16le, utf16be };

struct DecodedText {
    std::string utf8;  // CRLF and lone CR turned into LF
    TextEncoding encoding = TextEncoding::utf8;
};

// UTF-8 with or without BOM, UTF-16LE/BE with BOM, and UTF-16 without BOM when the first
// characters are ASCII (a NUL in every other byte). Throws InputError naming `path` on a
// malformed UTF-16 sequence (an unpaired surrogate, an odd length).
DecodedText decode_text(std::string_view bytes, const std::string& path);

std::string to_string(TextEncoding e);

// The other way, for files cusim writes as Windows would: `utf8` (text cusim made, so valid UTF-8)
// with its line ends as CRLF, in `encoding` with the BOM that encoding has (none for plain UTF-8).
std::string encode_text(std::string_view utf8, TextEncoding encoding);
// UTF-8 (valid) as UTF-16 code units, little- or big-endian, no BOM: surrogate pairs above U+FFFF.
std::string utf8_to_utf16(std::string_view utf8, bool big_endian);
// The code points of UTF-8 text cusim made (valid), and one code point appended as UTF-8: the one
// UTF-8 reader and writer every text conversion goes through.
std::u32string utf8_code_points(std::string_view utf8);
void append_utf8(std::string& out, char32_t c);

// Whether the bytes are UTF-16 as decode_text would take them (a BOM, or a NUL beside each of the
// first ASCII characters): how a reader of files that may be binary (DER, PFX) or text (PEM,
// CLIXML) tells a UTF-16 text file from a binary one.
bool is_utf16(std::string_view bytes);

}  // namespace cusim
