#pragma once
// The console's current location: Set-Location (cd, sl, chdir) and Get-Location (pwd, gl), the
// prompt's "PS C:\Windows\system32> ", and relative paths of the provider cmdlets resolved against it
// (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/set-location?view=powershell-5.1).
// The locations the simulator models: the C: folders it knows (C:\, C:\Windows, C:\Windows\system32,
// C:\ExchangeSetupLogs), Cert:\, Cert:\LocalMachine and its stores My, Root, CA and WebHosting, and,
// after Import-Module WebAdministration, IIS:\ with Sites, AppPools and SslBindings. Any other
// location is refused as not modelled, never approximated.
#include <map>
#include <string>

#include "sim/powershell/interpreter.hpp"

namespace cusim::runbook {

// Where a console starts (an elevated Windows PowerShell window), and where PowerShell keeps each
// drive's location: `cd Cert:` goes back to where the Cert: drive was left (about_Locations).
struct ConsoleLocation {
    static constexpr const char* start = "C:\\Windows\\system32";
    std::string current = start;
    std::map<std::string, std::string> per_drive;  // lower-case drive name -> its location
};

// `path` made absolute against the location ("..", ".", "\", "name", "Cert:"), with the drive's
// name as PowerShell spells it ("cert:\localmachine" -> "Cert:\localmachine"); a path that names
// a drive the simulator does not model, or `~`, is refused as not modelled.
// `in`: the engine whose statement is refused (nullptr: a NotModelled without a place, for the host's
// file reads, which the engine places).
std::string absolute_location(const ConsoleLocation& loc, const std::string& path, ps::Interpreter* in);

// A path as a provider cmdlet takes it: a relative one against the location. While the location
// is where the console started, a relative file path keeps the rule of the host's files (the
// script's folder: ServerHost::read_file); elsewhere it is made absolute.
std::string qualify_path(const ConsoleLocation& loc, const std::string& path, ps::Interpreter* in);

// "LocalMachine\My\<t>" -> {"LocalMachine", "My", "<t>"}: a provider path's parts, either slash.
std::vector<std::string> split_provider_path(const std::string& p);
// Set-Location and Get-Location, added to the host's commands.
void add_location_commands(std::map<std::string, ps::HostCommand>& commands);
// The console's view of a PathInfo (its Path as a table), or nullopt for other objects.
std::optional<std::string> location_format_default(const ps::Array& objects);

}  // namespace cusim::runbook
