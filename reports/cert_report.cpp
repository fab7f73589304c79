#include "reports/cert_report.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

namespace cusim {
namespace {

std::string basic_constraints_text(const BasicConstraints& bc) {
    return fmt::format("Subject Type={}, Path Length Constraint={}", bc.is_ca ? "CA" : "End Entity",
                       bc.path_length ? std::to_string(*bc.path_length) : "None");
}

std::vector<std::string> eku_texts(const Certificate& c) {
    std::vector<std::string> out;
    for (auto& oid : c.extended_key_usage()) {
        std::string name = eku_display_name(oid);
        out.push_back(name == oid ? oid : fmt::format("{} ({})", name, oid));
    }
    return out;
}

std::string validity_at(const Certificate& c, SimTime at) {
    if (at < c.not_before()) return "False (not yet valid)";
    if (at > c.not_after()) return "False (expired)";
    return "True";
}

}  // namespace

std::string cert_report_text(const std::vector<LoadedCertificate>& certs, std::optional<SimTime> at) {
    std::string out;
    for (const auto& lc : certs) {
        const Certificate& c = lc.certificate;
        auto line = [&](const char* name, const std::string& value) { out += fmt::format("{:<18} : {}\n", name, value); };
        line("Source", lc.source);
        line("Subject", c.subject());
        line("Issuer", c.issuer());
        line("Thumbprint", c.thumbprint());
        line("SerialNumber", c.serial_number());
        line("NotBefore", fmt::format("{} ({} UTC)", format_iso(c.not_before()), format_windows(c.not_before())));
        line("NotAfter", fmt::format("{} ({} UTC)", format_iso(c.not_after()), format_windows(c.not_after())));
        // fmt, not "{" + string&&: GCC 12 at -O3 reports a false -Wstringop-overflow in libstdc++
        // for that operator+ (GCC bug 105651), which breaks a Release build with warnings as errors.
        line("CertificateDomains", fmt::format("{{{}}}", join(c.dns_names(), ", ")));
        line("KeyAlgorithm", c.key_algorithm());
        line("PublicKeySize", std::to_string(c.key_bits()));
        line("SignatureAlgorithm", c.signature_algorithm());
        line("KeyUsage", join(c.key_usage(), ", "));
        line("EnhancedKeyUsage", join(eku_texts(c), ", "));
        line("BasicConstraints", basic_constraints_text(c.basic_constraints()));
        line("HasPrivateKey", lc.key ? "True" : "False");
        line("IsSelfSigned", c.is_self_signed() ? "True" : "False");
        if (at) line("ValidAt", fmt::format("{}: {}", format_iso(*at), validity_at(c, *at)));
        out += "\n";
    }
    return out;
}

nlohmann::ordered_json cert_report_json(const std::vector<LoadedCertificate>& certs, std::optional<SimTime> at) {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& lc : certs) {
        const Certificate& c = lc.certificate;
        nlohmann::ordered_json j;
        j["source"] = lc.source;
        j["subject"] = c.subject();
        j["issuer"] = c.issuer();
        j["thumbprint"] = c.thumbprint();
        j["serialNumber"] = c.serial_number();
        j["notBefore"] = format_iso(c.not_before());
        j["notAfter"] = format_iso(c.not_after());
        j["notBeforeWindows"] = format_windows(c.not_before());
        j["notAfterWindows"] = format_windows(c.not_after());
        j["certificateDomains"] = c.dns_names();
        j["keyAlgorithm"] = c.key_algorithm();
        j["publicKeySize"] = c.key_bits();
        j["signatureAlgorithm"] = c.signature_algorithm();
        j["keyUsage"] = c.key_usage();
        j["enhancedKeyUsage"] = c.extended_key_usage();
        auto bc = c.basic_constraints();
        j["basicConstraints"] = {{"isCA", bc.is_ca}, {"pathLength", bc.path_length ? nlohmann::ordered_json(*bc.path_length) : nlohmann::ordered_json()}};
        j["hasPrivateKey"] = lc.key.has_value();
        j["isSelfSigned"] = c.is_self_signed();
        if (at) {
            j["validAt"] = format_iso(*at);
            j["isValid"] = c.is_valid_at(*at);
        }
        arr.push_back(std::move(j));
    }
    return arr;
}

}  // namespace cusim
