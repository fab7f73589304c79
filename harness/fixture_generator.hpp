#pragma once
// Re-creates the generated fixture certificates byte-identically from the committed
// description (fixtures/fixtures.json) and the committed key pool.
#include <string>
#include <vector>

namespace cusim {

struct FixtureFile {
    std::string relative_path;  // e.g. "certs/contoso-root-ca.pem"
    std::string content;
};

// Reads the description and makes every file in memory; writes nothing.
std::vector<FixtureFile> generate_fixtures(const std::string& description_path);

}  // namespace cusim
