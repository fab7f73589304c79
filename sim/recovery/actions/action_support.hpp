#pragma once
// What the tool files of the action catalogue share: how a fix names a certificate, and a
// failed result.
#include <string>
#include <vector>

#include "sim/recovery/action_catalogue.hpp"

namespace cusim {

// How a fix names a certificate, as an admin would pick it in a dialog or type it.
struct CertSelector {
    std::string kind;  // thumbprint, id, friendlyName, subject, newestValidFor
    std::string value;

    std::string describe() const;
};

// A string is a certificate id; an object names it one way (an input error otherwise).
CertSelector parse_selector(const JsonAt& at);

// The entry of `stores` the selector picks; several matches by name: the one that expires
// last, as an admin choosing in a list would (newestValidFor: the newest).
const StoreEntry* select_certificate(const CertSelector& sel, const ServerState& state, const Scenario& scenario,
                                     const std::vector<StoreName>& stores, bool need_key);

StoreEntry* find_entry(ServerState& state, StoreName store, const std::string& thumbprint);

// The tool's error: the action did not run.
ActionResult failed(std::string message);

// Adds a certificate made from what an admin typed (a subject, DNS names, a lifetime). What
// cannot be encoded (make_certificate's std::invalid_argument) is the tool's error, with the
// simulator's reason (INFERRED: Windows words each case its own way), never a crash.
struct NewCertificate {
    StoreEntry* entry = nullptr;  // null when it could not be made
    ActionResult error;
};
NewCertificate add_typed_certificate(ServerState& state, StoreName store, const CertSpec& spec, KeyProvider provider,
                                     const std::string& friendly_name, const std::string& tool);

}  // namespace cusim
