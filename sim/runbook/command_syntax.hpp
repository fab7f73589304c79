#pragma once
// A command's arguments as the runbook commands take them (bound by the PowerShell engine or the
// cmd language), and the helpers that read their text: quotes, lists, paths, dates.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.hpp"

namespace cusim::runbook {

std::string lower(std::string s);
std::string trim(const std::string& s);
std::string unquote(const std::string& s);

struct Args {
    std::string command;
    std::map<std::string, std::string> named;  // lower-case name -> value ("$true" for a switch)
    std::vector<std::string> positional;

    bool has(const std::string& n) const { return named.count(n) > 0; }
    // The command and its positional arguments: a native program's argument list.
    std::vector<std::string> tokens() const {
        std::vector<std::string> t{command};
        t.insert(t.end(), positional.begin(), positional.end());
        return t;
    }
    std::string get(const std::string& n, const std::string& fallback = "") const;
};


// Windows paths in a runbook ("..\..\fixtures\pfx\a.pfx") name files relative to the runbook.
std::string native_path(const std::string& p);
// "a, b" or "@()" as a list of unquoted items.
std::vector<std::string> split_list(const std::string& v);

// A date argument: "2024-05-30"; (Get-Date) and (Get-Date).AddYears/AddMonths/AddDays/AddHours(n),
// relative to the simulated clock. "5/30/2024 9:00 AM" is not supported. When the form is known
// but the result is not a date (AddYears(99999), AddDays(1e20)), returns nullopt and sets
// `*error` to .NET's message, when `error` is given.
std::optional<SimTime> parse_date_arg(const std::string& raw, SimTime now, std::string* error = nullptr);

}  // namespace cusim::runbook
