// `cusim cert FILE...`: what certutil -dump / Get-ExchangeCertificate | fl show, for any file.
#include <iostream>

#include "harness/commands.hpp"
#include "reports/cert_report.hpp"
#include "sim/core/input_error.hpp"

namespace cusim {

void add_cert_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::vector<std::string> files;
        std::string password;
        std::string at;
        bool json = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "cert", "Show the certificates in PEM, DER, PFX or CLIXML (Get-ExchangeCertificate | Export-Clixml) files",
                   "0 shown", action);
    cmd.option("files", opts->files, "Certificate files").required().type("PATH");
    cmd.option("--password", opts->password, "Password of PFX files").type("PASSWORD");
    cmd.option("--at", opts->at, "Also say whether each certificate is valid at this date (YYYY-MM-DD[THH:MM:SSZ])").type("DATE");
    cmd.flag("--json", opts->json, "Print JSON instead of the Format-List view");
    cmd.action([opts] {
        std::optional<SimTime> at;
        if (!opts->at.empty()) at = parse_iso_time_or_throw(opts->at, "--at", "");
        std::vector<LoadedCertificate> all;
        for (auto& f : opts->files) {
            auto certs = load_certificate_file(f, opts->password);
            all.insert(all.end(), certs.begin(), certs.end());
        }
        if (opts->json) std::cout << cert_report_json(all, at).dump(2) << "\n";
        else std::cout << cert_report_text(all, at);
        return int(exit_ok);
    });
}

}  // namespace cusim
