#include "sim/x509/clixml.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "sim/x509/cert_file.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/text_decode.hpp"

namespace cusim {

std::string write_clixml(const std::vector<ClixmlObject>& objects) {
    pugi::xml_document doc;
    auto objs = doc.append_child("Objs");
    objs.append_attribute("Version") = "1.1.0.1";
    objs.append_attribute("xmlns") = "http://schemas.microsoft.com/powershell/2004/04";
    int ref = 0;
    for (auto& o : objects) {
        auto obj = objs.append_child("Obj");
        obj.append_attribute("RefId") = ref;
        auto tn = obj.append_child("TN");
        tn.append_attribute("RefId") = ref;
        for (auto& t : o.type_names) tn.append_child("T").text() = t.c_str();
        if (!o.to_string.empty()) {
            // Export-Clixml escapes line breaks in strings as _x000D__x000A_ (as the real E19 export shows).
            std::string escaped;
            for (char ch : o.to_string) escaped += ch == '\n' ? std::string("_x000D__x000A_") : std::string(1, ch);
            obj.append_child("ToString").text() = escaped.c_str();
        }
        auto props = obj.append_child("Props");
        for (auto& p : o.properties) {
            const char* tag = p.type == 'S' ? "S" : p.type == 'B' ? "B" : p.type == 'I' ? "I32" : p.type == 'D' ? "DT"
                            : p.type == 'A' ? "BA" : "Nil";
            auto n = props.append_child(tag);
            n.append_attribute("N") = p.name.c_str();
            if (p.type != 'N') n.text() = p.value.c_str();
        }
        ++ref;
    }
    std::ostringstream ss;
    doc.save(ss, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
    std::string body = ss.str(), crlf;
    for (char c : body) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return "\xEF\xBB\xBF" + crlf;
}

std::vector<ClixmlRecord> read_clixml(const Bytes& raw, const std::string& path) {
    // Export-Clixml writes UTF-16LE with a BOM in Windows PowerShell 5.1: decoded first, so that
    // pugixml's offsets, and the lines made of them, are the text's.
    std::string text = decode_text(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()), path).utf8;
    Bytes data(text.begin(), text.end());
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        throw InputError(path, fmt::format("line {}", line_of_offset(data, size_t(parsed.offset))),
                         fmt::format("malformed XML: {}", parsed.description()));
    auto objs = doc.child("Objs");
    if (!objs) throw InputError(path, "not a CLIXML export (no <Objs> root element)");
    std::vector<ClixmlRecord> out;
    for (auto obj : objs.children("Obj")) {
        ClixmlRecord r;
        r.line = line_of_offset(data, size_t(obj.offset_debug()));
        for (auto section : {"Props", "MS"})
            for (auto p : obj.child(section).children())
                if (auto n = p.attribute("N"))
                    // A nested object (a version, an enum, a list) as PowerShell prints it: its ToString.
                    r.values[n.value()] = std::string(p.name()) == "Obj" ? p.child_value("ToString") : p.child_value();
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace cusim
