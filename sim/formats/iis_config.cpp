#include "sim/formats/iis_config.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>

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

}  // namespace cusim
