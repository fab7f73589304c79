#pragma once
// `cusim review`: a real ExchangeSetup.log read, its failure named (as SetupLogReviewer names it,
// where it has a check), and, for a certificate failure, the server the log implies built as a
// scenario (every assumption stated), its CU run to see that it fails the same way, and the fix
// catalogue's after-failure fixes run on it: the ones that succeed are verified.
#include <optional>
#include <string>
#include <vector>

#include "sim/formats/setup_log.hpp"
#include "sim/model/outcome.hpp"
#include "sim/recovery/fix.hpp"
#include "sim/review/known_issues.hpp"
#include "sim/review/run_facts.hpp"

namespace cusim {

enum class CertificateCause { none, expired, key_unreachable, key_access_denied };
std::string describe(CertificateCause c);

// What the log cannot show, varied: the implied server is built once for each combination, so a
// verdict that depends on it says so instead of resting on one guess. The first is the assumed one.
struct ServerVariant {
    enum class SelfSigned { valid, expired, missing } self_signed = SelfSigned::valid;
    bool renewed_in_store = false;  // a renewed certificate for the same subject is already in My
    std::string describe() const;
};
const std::vector<ServerVariant>& server_variants();

struct FixVerdict {
    std::string id, title, path;
    Outcome outcome = Outcome::invalid;
    std::string detail;                 // the failed step, error or failed checks when it did not succeed
    std::vector<std::string> commands;  // what to do: the runbook's lines, or the fix's steps
    std::vector<std::string> needs;     // what the fix takes that the log cannot show the server has
    std::vector<Outcome> on_variants;   // its outcome on each of server_variants(), the first being `outcome`
};

struct LogReview {
    std::string path;
    TextEncoding encoding = TextEncoding::utf8;
    size_t lines = 0;
    RunFacts facts;
    std::string failed_step;               // the console step of the failed task, e.g. "Mailbox role: Transport service"
    std::optional<KnownIssue> known_issue;
    CertificateCause cause = CertificateCause::none;
    std::optional<InstallingCertificateLine> certificate;  // the one setup failed on
    std::string thumbprint;                // named in the error, for a key failure
    // The implied server, when the failure is one cusim models.
    bool modelled = false;
    std::string not_modelled;              // why not, when it is not
    std::vector<std::string> assumptions;  // what the log does not say and the implied server assumes
    bool reproduced = false;               // the implied server's CU fails the same way
    std::string reproduction;              // what the simulated CU did
    std::vector<FixVerdict> fixes;         // every after-failure fix of the catalogue, in catalogue order
};

// `implied_path` is where the implied scenario would be (its key names resolve from there: a
// folder below the data folder's fixtures/).
// `fence`: how the catalogue's program fixes run.
LogReview review_setup_log(const ParsedSetupLog& log, const std::vector<Fix>& catalogue, const std::string& implied_path,
                           const ProgramFence& fence = {});

}  // namespace cusim
