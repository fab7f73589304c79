#pragma once
// The files a script writes, as Windows PowerShell 5.1 writes and reads their bytes, and where a
// host keeps them for a run (in memory: never the real disk, never an input file changed).
//  - Out-File and `>`/`>>` write "Unicode" (UTF-16LE with a BOM) unless -Encoding says otherwise;
//    Set-Content and Add-Content write "Default", the system's ANSI code page (Windows-1252 on an
//    en-US server); New-Item -Value writes UTF-8 without a BOM (.NET's StreamWriter)
//    (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_character_encoding?view=powershell-5.1).
//  - Get-Content reads a BOM's encoding, and ANSI when there is none (the same page).
//  - -Encoding UTF8 in 5.1 writes a BOM; UTF32 is UTF-32LE with a BOM. UTF7, OEM and Byte are not
//    modelled, nor a character the ANSI page does not have (.NET writes a "best fit" letter for some).
#include <map>
#include <optional>
#include <set>
#include <string>

namespace cusim::ps {

enum class FileEncoding { ansi, ascii, utf8_bom, utf8, utf16le, utf16be, utf32le, utf32be };

// -Encoding's value as Set-Content, Add-Content and Out-File take it in 5.1 (case-insensitive):
// nullopt for a name 5.1 does not have; throws NotModelled for UTF7, OEM and Byte.
std::optional<FileEncoding> encoding_named(const std::string& name);
// The UTF-8 text in that encoding, with the BOM when `preamble` (a new file, or an empty one:
// .NET's StreamWriter writes it only at the start of a stream). Throws NotModelled for a
// character ANSI does not have.
std::string encode_text(const std::string& utf8, FileEncoding e, bool preamble);
// A file's encoding as Get-Content reads it: its BOM, or ANSI.
FileEncoding detect_encoding(const std::string& bytes);
// The bytes as text (UTF-8), the BOM removed; line ends as they are.
std::string decode_file_bytes(const std::string& bytes);
std::string encoding_name(FileEncoding e);

// The files and folders a run made, by the host's full path (case-insensitive, as NTFS).
class MemoryFiles {
public:
    const std::string* file(const std::string& full) const;
    bool is_directory(const std::string& full) const { return directories_.count(key(full)) > 0; }
    void write(const std::string& full, const std::string& bytes, bool append);
    void make_directory(const std::string& full) { directories_.insert(key(full)); }
    // Whether anything the run made is inside the folder.
    bool has_children(const std::string& folder) const;
    void remove(const std::string& full);
    bool empty() const { return files_.empty() && directories_.empty(); }

private:
    static std::string key(const std::string& full);
    std::map<std::string, std::string> files_;
    std::set<std::string> directories_;
};

}  // namespace cusim::ps
