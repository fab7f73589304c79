#pragma once
// Get-Service [-Name] <name> | -DisplayName <name>: ServiceController objects (Name, DisplayName,
// ServiceName, Status, StartType) of the services a failed CU leaves disabled (setup's
// ServiceControl.ps1 stops them and sets them to Disabled: server_state's setup.disabled_services),
// with their real display names (learn.microsoft.com/exchange/plan-and-deploy/deployment-ref/services-overview).
// What the simulator does not know is refused: a service's state on a server without a failed CU,
// one whose startup type Set-Service changed, a service outside that list, and wildcards (the
// server has Exchange services the model does not list, such as MSExchangeMitigation).
#include <optional>
#include <set>
#include <string>

#include "sim/powershell/interpreter.hpp"

namespace cusim::runbook {

void get_service(ps::CommandCall& c);
// A service's display name ("Microsoft Exchange Transport"; "Windows Time" for w32time), for the
// service cmdlets' -WhatIf target "DisplayName (Name)"; nullopt for one the simulator does not know.
// The name as the service has it ("MSExchangeTransport") in `canonical`.
std::optional<std::string> service_display_name(const std::string& name, std::string* canonical = nullptr);
// The console's table of services (Status, Name, DisplayName), or nullopt for other objects.
std::optional<std::string> service_format_default(const ps::Array& objects);

}  // namespace cusim::runbook
