#pragma once
// The CLIXML that PowerShell's Export-Clixml writes (Objs/Obj/Props with typed members),
// for the Exchange data of an exported state. Reading keeps each object's line for errors.
#include <map>
#include <string>
#include <vector>

#include "sim/x509/x509.hpp"

namespace cusim {

struct ClixmlProperty {
    char type;  // 'S' string, 'B' boolean, 'I' Int32, 'D' DateTime, 'A' base64 bytes (BA), 'N' null
    std::string name;
    std::string value;
};

struct ClixmlObject {
    std::vector<std::string> type_names;  // most derived first
    std::string to_string;
    std::vector<ClixmlProperty> properties;
};

std::string write_clixml(const std::vector<ClixmlObject>& objects);  // UTF-8 with BOM, CRLF, as Windows writes

struct ClixmlRecord {
    int line = 0;
    std::map<std::string, std::string> values;  // property name -> text ("" for Nil)
};
std::vector<ClixmlRecord> read_clixml(const Bytes& data, const std::string& path);

}  // namespace cusim
