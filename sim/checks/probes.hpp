#pragma once
// What an admin would try after the run, and what it shows: OWA and ECP logins, an EMS
// session, Outlook Anywhere, SMTP STARTTLS, the http.sys endpoints. Each probe is ok or
// gives the symptom with the exact text and event of facts.md section 4.
#include <optional>
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim {

struct EventRecord {
    int id = 0;
    std::string source;   // "MSExchange Front End HTTP Proxy", "HttpEvent", ...
    std::string log;      // "Application" or "System"
    std::string level;    // "Error", "Information"
    std::string message;
};

struct ProbeResult {
    std::string id;       // owa-login, ecp-login, ems-connect, outlook-anywhere, smtp-starttls, http-sys
    std::string name;
    bool ok = true;
    std::string symptom;  // what the admin or the user sees
    std::vector<EventRecord> events;
};

std::vector<ProbeResult> run_probes(const ServerState& state);
// Whether an Exchange Management Shell session to the server opens (scripts' New-PSSession and
// Connect-ExchangeServer answer by it).
ProbeResult ems_connect_probe(const ServerState& state);

}  // namespace cusim
