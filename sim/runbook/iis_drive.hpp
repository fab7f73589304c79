#pragma once
// The IIS: drive of the WebAdministration module (Import-Module WebAdministration makes it):
// IIS:\Sites (the sites of applicationHost.config, also Get-Website), IIS:\AppPools (the Exchange
// pools) and IIS:\SslBindings (http.sys's SSL bindings: New-Item and Remove-Item change them through
// netsh http's catalogue actions, so fixes, runbooks and the lab share one set of rules).
// https://learn.microsoft.com/en-us/powershell/module/webadministration/ (the provider's items);
// a path, parameter or value the simulator does not model is refused.
#include <string>

#include "sim/powershell/interpreter.hpp"

namespace cusim::runbook {

// Get-ChildItem (`children`) or Get-Item of `path` on IIS:.
void iis_get_item(ps::CommandCall& c, const std::string& path, bool children);
void iis_test_path(ps::CommandCall& c, const std::string& path);
// New-Item IIS:\SslBindings\IP!PORT, the certificate piped, as -Value, or -Thumbprint.
void iis_new_item(ps::CommandCall& c, const std::string& path);
void iis_remove_item(ps::CommandCall& c, const std::string& path);
// Get-Website [[-Name] <name>]
void get_website(ps::CommandCall& c);
// The console's views of the drive's items, or nullopt for other objects.
std::optional<std::string> iis_format_default(const ps::Array& objects);

}  // namespace cusim::runbook
