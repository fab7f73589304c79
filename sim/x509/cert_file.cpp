#include "sim/x509/cert_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <pugixml.hpp>

#include "sim/core/input_error.hpp"
#include "sim/core/text_decode.hpp"

namespace cusim {

std::string to_string(CertFileFormat f) {
    switch (f) {
        case CertFileFormat::pem: return "PEM";
        case CertFileFormat::der: return "DER";
        case CertFileFormat::pfx: return "PFX";
        case CertFileFormat::clixml: return "CLIXML";
    }
    return "?";
}

int line_of_offset(const Bytes& data, size_t offset) {
    offset = std::min(offset, data.size());
    return 1 + int(std::count(data.begin(), data.begin() + long(offset), '\n'));
}

CertFileFormat detect_cert_file_format(const Bytes& data, const std::string& path) {
    if (data.empty()) throw InputError(path, "file is empty");
    std::string head(data.begin(), data.begin() + long(std::min<size_t>(data.size(), 512)));
    if (head.find("-----BEGIN") != std::string::npos) return CertFileFormat::pem;
    size_t start = head.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // UTF-8 BOM
    while (start < head.size() && isspace(static_cast<unsigned char>(head[start]))) ++start;
    if (start < head.size() && head[start] == '<') return CertFileFormat::clixml;
    auto ends_with = [&](const char* ext) {
        std::string p = path;
        std::transform(p.begin(), p.end(), p.begin(), ::tolower);
        return p.size() >= strlen(ext) && p.compare(p.size() - strlen(ext), strlen(ext), ext) == 0;
    };
    if (ends_with(".pfx") || ends_with(".p12")) return CertFileFormat::pfx;
    // Both DER certificates and PFX files are a SEQUENCE; a PFX starts with INTEGER 3 (its version).
    if (data.size() > 8 && data[0] == 0x30) {
        size_t pos = 1;
        if (data[1] & 0x80) pos += 1 + (data[1] & 0x7f); else pos += 1;
        if (pos + 2 < data.size() && data[pos] == 0x02 && data[pos + 1] == 0x01 && data[pos + 2] == 0x03)
            return CertFileFormat::pfx;
    }
    return CertFileFormat::der;
}

std::vector<ClixmlCertificate> read_clixml_certificates(const Bytes& raw, const std::string& path) {
    // Decoded first, so that pugixml's offsets, and the lines made of them, are the text's.
    std::string text = decode_text(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()), path).utf8;
    Bytes data(text.begin(), text.end());
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        throw InputError(path, fmt::format("line {}", line_of_offset(data, size_t(parsed.offset))),
                         fmt::format("malformed XML: {}", parsed.description()));
    pugi::xml_node objs = doc.child("Objs");
    if (!objs) throw InputError(path, "not a CLIXML export (no <Objs> root element)");
    std::vector<ClixmlCertificate> out;
    for (pugi::xpath_node n : doc.select_nodes("//BA[@N='RawData']")) {
        // pugixml gives a node's byte offset; turn it into a line for the error message.
        int line = line_of_offset(data, size_t(n.node().offset_debug()));
        try {
            out.push_back({Certificate::from_base64_der(n.node().child_value(), path), line});
        } catch (const InputError& e) {
            throw InputError(path, fmt::format("line {}", line), e.message());
        }
    }
    if (out.empty()) throw InputError(path, "CLIXML export holds no certificate (<BA N=\"RawData\">)");
    return out;
}

std::vector<LoadedCertificate> load_certificate_file(const std::string& path, const std::string& password) {
    // PowerShell 5.1's Out-File and Export-Clixml write UTF-16LE with a BOM by default.
    Bytes data = utf8_if_utf16(read_file_bytes(path), path);
    std::vector<LoadedCertificate> out;
    switch (detect_cert_file_format(data, path)) {
        case CertFileFormat::pem: {
            std::string text(data.begin(), data.end());
            std::optional<PrivateKey> key;
            if (text.find("PRIVATE KEY-----") != std::string::npos) key = PrivateKey::from_pem(text, path);
            for (auto& c : parse_certificates(data, path)) {
                std::optional<PrivateKey> k;
                if (key && c.matches_key(*key)) k = key;
                out.push_back({c, k, path});
            }
            break;
        }
        case CertFileFormat::der:
            for (auto& c : parse_certificates(data, path)) out.push_back({c, std::nullopt, path});
            break;
        case CertFileFormat::pfx: {
            auto p12 = parse_pkcs12(data, password, path);
            if (p12.certificate) out.push_back({*p12.certificate, p12.key, path});
            for (auto& c : p12.extra) out.push_back({c, std::nullopt, path});
            if (out.empty()) throw InputError(path, "PFX file holds no certificate");
            break;
        }
        case CertFileFormat::clixml:
            for (auto& c : read_clixml_certificates(data, path))
                out.push_back({c.certificate, std::nullopt, fmt::format("{}:{}", path, c.line)});
            break;
    }
    return out;
}

}  // namespace cusim
