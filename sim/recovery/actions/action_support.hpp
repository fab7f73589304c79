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

}  // namespace cusim
