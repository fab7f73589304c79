#include "sim/formats/iis_config.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "sim/x509/cert_file.hpp"
#include "sim/core/input_error.hpp"

namespace cusim {

std::vector<IisSite> read_application_host_config(const std::string& path) {
    std::string text = read_text_file(path);  // appcmd and Notepad may save it as UTF-16
    Bytes data(text.begin(), text.end());
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        throw InputError(path, fmt::format("line {}", line_of_offset(data, size_t(parsed.offset))),
                         fmt::format("malformed XML: {}", parsed.description()));
    pugi::xml_node sites_node = doc.child("configuration").child("system.applicationHost").child("sites");
    if (!sites_node) throw InputError(path, "no <configuration><system.applicationHost><sites> element");
    std::vector<IisSite> sites;
    for (pugi::xml_node site : sites_node.children("site")) {
        IisSite s{site.attribute("name").value(), site.attribute("id").as_int(), {}};
        for (pugi::xml_node b : site.child("bindings").children("binding"))
            s.bindings.push_back({b.attribute("protocol").value(), b.attribute("bindingInformation").value(),
                                  b.attribute("sslFlags").as_int(0)});
        sites.push_back(std::move(s));
    }
    // A <sites> without a site is not a server's configuration: an error, not an empty server.
    if (sites.empty()) throw InputError(path, "<sites> holds no <site>");
    return sites;
}

std::string write_application_host_config(const std::vector<IisSite>& sites) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto xml_sites = doc.append_child("configuration").append_child("system.applicationHost").append_child("sites");
    for (auto& s : sites) {
        auto site = xml_sites.append_child("site");
        site.append_attribute("name") = s.name.c_str();
        site.append_attribute("id") = s.id;
        auto bindings = site.append_child("bindings");
        for (auto& b : s.bindings) {
            auto binding = bindings.append_child("binding");
            binding.append_attribute("protocol") = b.protocol.c_str();
            binding.append_attribute("bindingInformation") = b.binding_information.c_str();
            if (b.ssl_flags) binding.append_attribute("sslFlags") = b.ssl_flags;
        }
    }
    std::ostringstream ss;
    doc.save(ss, "    ", pugi::format_default, pugi::encoding_utf8);
    return ss.str();
}

}  // namespace cusim
