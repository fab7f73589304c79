#include "sim/x509/clixml.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <map>

#include "sim/x509/cert_file.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/text_decode.hpp"

namespace cusim {

namespace {

std::string clixml_text(const std::string& s) {
    std::string out;
    for (char ch : s) {
        auto u = static_cast<unsigned char>(ch);
        if (ch == '&') out += "&amp;";
        else if (ch == '<') out += "&lt;";
        else if (ch == '>') out += "&gt;";
        else if (ch == '"') out += "&quot;";
        else if (u < 0x20) out += fmt::format("_x{:04X}_", u);
        else out += ch;
    }
    return out;
}

class ClixmlWriter {
public:
    std::string write(const std::vector<ClixmlObject>& objects) {
        out_ = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n";
        for (auto& o : objects) {
            out_ += fmt::format("  <Obj RefId=\"{}\">\n", ref_++);
            type_names(o.type_names, "    ");
            if (!o.to_string.empty()) out_ += "    <ToString>" + clixml_text(o.to_string) + "</ToString>\n";
            section("Props", o.properties);
            section("MS", o.member_set);
            out_ += "  </Obj>\n";
        }
        out_ += "</Objs>\n";
        return std::move(out_);
    }

private:
    void type_names(const std::vector<std::string>& types, const std::string& indent) {
        auto it = type_refs_.find(types);
        if (it != type_refs_.end()) {
            out_ += fmt::format("{}<TNRef RefId=\"{}\" />\n", indent, it->second);
            return;
        }
        int id = static_cast<int>(type_refs_.size());
        type_refs_[types] = id;
        out_ += fmt::format("{}<TN RefId=\"{}\">\n", indent, id);
        for (auto& t : types) out_ += indent + "  <T>" + clixml_text(t) + "</T>\n";
        out_ += indent + "</TN>\n";
    }
    static const char* tag(char type) {
        switch (type) {
            case 'S': return "S";
            case 'B': return "B";
            case 'I': return "I32";
            case 'L': return "I64";
            case 'D': return "DT";
            case 'A': return "BA";
            default: return "Nil";
        }
    }
    void section(const char* name, const std::vector<ClixmlProperty>& members) {
        if (members.empty()) return;
        out_ += fmt::format("    <{}>\n", name);
        for (auto& m : members) {
            if (m.type == 'N') {
                out_ += fmt::format("      <Nil N=\"{}\" />\n", clixml_text(m.name));
            } else if (m.type == 'O') {
                out_ += fmt::format("      <Obj N=\"{}\" RefId=\"{}\">\n", clixml_text(m.name), ref_++);
                type_names(m.types, "        ");
                out_ += "        <ToString>" + clixml_text(m.value) + "</ToString>\n      </Obj>\n";
            } else {
                out_ += fmt::format("      <{0} N=\"{1}\">{2}</{0}>\n", tag(m.type), clixml_text(m.name), clixml_text(m.value));
            }
        }
        out_ += fmt::format("    </{}>\n", name);
    }
    std::string out_;
    int ref_ = 0;
    std::map<std::vector<std::string>, int> type_refs_;
};

}  // namespace

std::string write_clixml(const std::vector<ClixmlObject>& objects, TextEncoding encoding) {
    return encode_text(ClixmlWriter().write(objects), encoding);
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
