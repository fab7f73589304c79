// `cusim fixtures`: re-create the generated fixture certificates, or check that the
// committed ones are what the description makes.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "harness/fixture_generator.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {

void add_fixtures_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string description;
        std::string out_dir;
        bool check = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "fixtures", "Re-create the generated fixture certificates from their description",
                   "0 written (--check: every fixture matches), 1 --check: a fixture differs", action);
    cmd.option("--description", opts->description, "The fixture description (default: the bundled fixtures.json)").type("PATH");
    cmd.option("--out", opts->out_dir, "Write here instead of beside the description").type("DIR");
    cmd.flag("--check", opts->check, "Write nothing; exit 1 if a committed fixture differs");
    cmd.action([opts] {
        namespace fs = std::filesystem;
        if (opts->description.empty()) opts->description = data_path("fixtures/fixtures.json");
        auto files = generate_fixtures(opts->description);
        fs::path base = opts->out_dir.empty() ? fs::path(opts->description).parent_path() : fs::path(opts->out_dir);
        int differing = 0;
        for (auto& f : files) {
            fs::path p = base / f.relative_path;
            if (opts->check) {
                std::string committed;
                if (fs::exists(p)) {
                    Bytes b = read_file_bytes(p.string());
                    committed.assign(b.begin(), b.end());
                }
                if (committed != f.content) {
                    std::cout << "differs: " << p.string() << "\n";
                    ++differing;
                }
                continue;
            }
            fs::create_directories(p.parent_path());
            std::ofstream(p, std::ios::binary) << f.content;
            std::cout << "wrote " << p.string() << "\n";
        }
        if (opts->check) std::cout << files.size() - differing << " of " << files.size() << " fixtures match\n";
        return differing ? int(exit_expectation_broke) : int(exit_ok);
    });
}

}  // namespace cusim
