#pragma once
// Certificate pipelines: Get-ChildItem Cert:\LocalMachine\<store> and Get-ExchangeCertificate,
// piped to Where-Object { $_.Prop -op "value" }, Sort-Object Prop [-Descending] and
// Select-Object -First N.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim::runbook {

struct CertQuery {
    StoreName store = StoreName::My;
    bool exchange = false;  // Get-ExchangeCertificate (My only)
    std::string thumbprint;
};

using Filter = std::function<void(std::vector<const StoreEntry*>&, const ServerState&)>;

// A property as PowerShell prints it; "\x01" for a property the simulator does not know.
std::string property_of(const StoreEntry& e, const std::string& prop, const ServerState& state);

// One pipeline stage after the source, or nullopt with `problem` set.
std::optional<Filter> parse_filter(const std::string& stage, std::string& problem);
// The source stage, or nullopt (with `problem` set when it is a source the simulator refuses).
std::optional<CertQuery> parse_cert_source(const std::string& stage, std::string& problem);
std::vector<const StoreEntry*> run_query(const CertQuery& q, const std::vector<Filter>& filters, const ServerState& s);
// Runs a certificate query pipeline, or returns nullopt if `text` is not one.
std::optional<std::vector<const StoreEntry*>> try_query(const std::string& text, const ServerState& state, bool& exchange,
                                                        StoreName& store, std::string& problem);

}  // namespace cusim::runbook
