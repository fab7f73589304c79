#include "harness/fixture_generator.hpp"

#include <filesystem>

#include "sim/formats/cert_description.hpp"
#include "sim/core/input_error.hpp"

namespace cusim {

std::vector<FixtureFile> generate_fixtures(const std::string& description_path) {
    namespace fs = std::filesystem;
    Json doc = load_json_file(description_path);
    JsonAt root(doc, description_path, "");
    root.allow_only({"$comment", "keys", "certificates"});
    fs::path base = fs::path(description_path).parent_path();
    KeyPool keys = load_key_pool((base / root.str("keys")).string());

    std::vector<CertDescription> descriptions;
    std::vector<std::string> outputs;
    for (auto& item : root.at("certificates").items()) {
        descriptions.push_back(parse_cert_description(item, {"out"}));
        std::string out = item.str("out");
        if (fs::path(out).is_absolute() || out.find("..") != std::string::npos)
            item.at("out").fail("output path must stay inside the fixtures folder");
        outputs.push_back(out);
    }
    auto made = make_described_certificates(descriptions, keys, description_path);
    std::vector<FixtureFile> files;
    for (size_t i = 0; i < descriptions.size(); ++i)
        files.push_back({outputs[i], made.at(descriptions[i].id).certificate.to_pem()});
    return files;
}

}  // namespace cusim
