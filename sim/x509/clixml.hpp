#pragma once
// The CLIXML that PowerShell's Export-Clixml writes (Objs/Obj/Props with typed members),
// for the Exchange data of an exported state. Reading keeps each object's line for errors.
#include <map>
#include <string>
#include <vector>

#include "sim/core/text_decode.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {

struct ClixmlProperty {
    // 'S' string, 'B' boolean, 'I' Int32, 'L' Int64, 'D' DateTime, 'A' base64 bytes (BA), 'N' null,
    // 'O' an object shown by its ToString (an enum, an Exchange value type), of the type names `types`
    char type;
    std::string name;
    std::string value;
    std::vector<std::string> types{};
};

struct ClixmlObject {
    std::vector<std::string> type_names;  // most derived first
    std::string to_string;
    std::vector<ClixmlProperty> properties;    // <Props>
    std::vector<ClixmlProperty> member_set{};  // <MS>: what Select-Object or a remote session adds
};

// Export-Clixml's layout ([MS-PSRP] 2.2.5): a type list already written is a <TNRef>, and every
// character XML cannot hold (line breaks among them) is _xHHHH_ (the real E19 export's
// _x000D__x000A_). CRLF; UTF-8 with a BOM (the state folders) or UTF-16LE with a BOM (Export-Clixml's
// own default in Windows PowerShell 5.1, for what the collector writes).
std::string write_clixml(const std::vector<ClixmlObject>& objects, TextEncoding encoding = TextEncoding::utf8_bom);

struct ClixmlRecord {
    int line = 0;
    std::map<std::string, std::string> values;  // property name -> text ("" for Nil)
};
std::vector<ClixmlRecord> read_clixml(const Bytes& data, const std::string& path);

}  // namespace cusim
