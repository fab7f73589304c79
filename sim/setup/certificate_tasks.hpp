#pragma once
// The two certificate cmdlets setup runs in "Mailbox role: Transport service" and
// "Mailbox role: Client Access Front End service" (facts.md 2a, 5):
// Install-ExchangeCertificate -services <...> and Install-AuthCertificate.
#include <optional>
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"
#include "sim/setup/setup_output.hpp"
#include "sim/setup/setup_texts.hpp"

namespace cusim {

struct TaskFailure {
    texts::ExceptionText exception;
};

// Runs against `state` (which it may change: R3, R4) and logs at level 2. `services_argument`
// is the text after -services: `IIS` or `"IIS, POP, IMAP"`.
std::optional<TaskFailure> install_exchange_certificate(ServerState& state, const std::string& services_argument,
                                                        SetupLog& log, std::vector<std::string>& changes);
void install_auth_certificate(ServerState& state, SetupLog& log, std::vector<std::string>& changes);

// Makes a certificate the way Exchange setup makes its own (self-signed "Microsoft Exchange",
// Auth certificate), with the machine's next spare key, and puts it in My (and Root).
const StoreEntry& create_exchange_self_signed(ServerState& state);
const StoreEntry& create_auth_certificate(ServerState& state);

}  // namespace cusim
