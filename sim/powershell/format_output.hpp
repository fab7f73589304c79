#pragma once
// How the console shows objects (about_Format.ps1xml, Out-Default): strings and numbers one per
// line, a DateTime in the long date and time pattern, a hashtable as its Name/Value table, and an
// object with up to four properties as a table, with more as a list (the rule PowerShell applies
// when no view is defined). Hosts format their own objects first (Host::format_default).
//
// Table columns are as wide as their widest value or header (what Format-Table -AutoSize gives);
// PowerShell's own fixed widths for objects without a view depend on the console's width.
#include <string>
#include <vector>

#include "sim/powershell/value.hpp"

namespace cusim::ps {

// The value of a property for display: "" for $null, "{a, b}" for a collection.
std::string display_text(const PsValue& v);
// Format-Table / Format-List of these objects with these properties (the objects' own when empty).
std::string format_table(const Array& objects, const std::vector<std::string>& properties);
std::string format_list(const Array& objects, const std::vector<std::string>& properties);
// The properties of an object as Format-List * and Select-Object * see them.
std::vector<std::string> properties_of(const PsValue& v);
// Out-Default of objects the host does not format.
std::string format_generic(const Array& objects);

}  // namespace cusim::ps
