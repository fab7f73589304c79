// Select-String (Microsoft.PowerShell.Utility, Windows PowerShell 5.1): lines of piped text or of a
// file that match a pattern, as MatchInfo objects with their System.Text.RegularExpressions.Match
// objects. Source: https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.utility/select-string?view=powershell-5.1
// and the MatchInfo class (https://learn.microsoft.com/en-us/dotnet/api/microsoft.powershell.commands.matchinfo).
#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/powershell/operators.hpp"

namespace cusim::ps {
namespace {

// A System.Text.RegularExpressions.Group (group 0 is the Match itself). Index is known for the
// whole match only (the regex layer keeps group 0's position): another group's is not modelled.
class GroupObject : public PsObject {
public:
    GroupObject(std::string value, bool success, std::string name, std::optional<long long> index)
        : value_(std::move(value)), success_(success), name_(std::move(name)), index_(index) {}
    std::string type_name() const override { return "System.Text.RegularExpressions.Group"; }
    std::vector<std::string> property_names() const override { return {"Success", "Name", "Captures", "Index", "Length", "Value"}; }
    std::optional<PsValue> property(const std::string& n) const override {
        std::string l = ascii_lower(n);
        if (l == "value") return PsValue(value_);
        if (l == "success") return PsValue(success_);
        if (l == "name") return PsValue(name_);
        if (l == "length") return PsValue(static_cast<long long>(value_.size()));
        if (l == "index" && index_) return PsValue(*index_);
        return std::nullopt;
    }
    std::string to_string() const override { return value_; }

protected:
    std::string value_;
    bool success_;
    std::string name_;
    std::optional<long long> index_;
};

class MatchObject : public GroupObject {
public:
    explicit MatchObject(const RegexMatch& m) : GroupObject(m[0], true, "0", static_cast<long long>(m.position())) {
        for (size_t i = 0; i < m.size(); ++i)
            groups_.push_back(PsValue(ObjectPtr(std::make_shared<GroupObject>(
                m[i], m.matched(i), std::to_string(i), i == 0 ? std::optional<long long>(static_cast<long long>(m.position())) : std::nullopt))));
    }
    std::string type_name() const override { return "System.Text.RegularExpressions.Match"; }
    std::vector<std::string> base_type_names() const override { return {"System.Text.RegularExpressions.Group"}; }
    std::vector<std::string> property_names() const override { return {"Groups", "Success", "Name", "Captures", "Index", "Length", "Value"}; }
    std::optional<PsValue> property(const std::string& n) const override {
        if (iequals(n, "groups")) return make_array(groups_);
        return GroupObject::property(n);
    }

private:
    Array groups_;
};

}  // namespace

std::vector<std::string> MatchInfoObject::property_names() const {
    return {"IgnoreCase", "LineNumber", "Line", "Filename", "Path", "Pattern", "Context", "Matches"};
}

std::optional<PsValue> MatchInfoObject::property(const std::string& n) const {
    std::string l = ascii_lower(n);
    if (l == "ignorecase") return PsValue(ignore_case);
    if (l == "linenumber") return PsValue(line_number);
    if (l == "line") return PsValue(line);
    if (l == "path") return PsValue(path);
    if (l == "filename") return PsValue(path == "InputStream" ? path : path.substr(path.find_last_of("\\/") + 1));
    if (l == "pattern") return PsValue(pattern);
    if (l == "context") return PsValue();  // null without -Context
    if (l == "matches") return make_array(matches);
    return std::nullopt;
}

// MatchInfo.ToString(): the line for piped text, "path:line number:line" for a file.
std::string MatchInfoObject::to_string() const {
    if (path == "InputStream") return line;
    return fmt::format("{}:{}:{}", path, line_number, line);
}

namespace {

struct Matcher {
    std::vector<std::string> patterns;
    std::vector<Regex> regexes;
    bool simple = false, case_sensitive = false, all = false;

    // The pattern that matched first, and its matches (none for -SimpleMatch: in 5.1 its Matches
    // stay empty; -AllMatches "has no effect if -SimpleMatch is also specified").
    std::optional<std::pair<std::string, Array>> match(const std::string& line) const {
        for (size_t i = 0; i < patterns.size(); ++i) {
            if (simple) {
                bool hit = case_sensitive ? line.find(patterns[i]) != std::string::npos
                                          : ascii_lower(line).find(ascii_lower(patterns[i])) != std::string::npos;
                if (hit) return std::pair{patterns[i], Array{}};
                continue;
            }
            Array found;
            if (all) {
                for (auto& m : regexes[i].find_all(line)) found.push_back(PsValue(ObjectPtr(std::make_shared<MatchObject>(m))));
            } else if (RegexMatch m; regexes[i].search(line, &m)) {
                found.push_back(PsValue(ObjectPtr(std::make_shared<MatchObject>(m))));
            }
            if (!found.empty()) return std::pair{patterns[i], found};
        }
        return std::nullopt;
    }
};

bool on(const CommandCall& c, const std::string& name) { return c.has(name) && to_bool(*c.get(name)); }

void select_string(CommandCall& c) {
    for (const char* p : {"Context", "Encoding", "Include", "Exclude"})
        if (c.has(ascii_lower(p))) c.in.not_modelled(std::string("Select-String -") + p);
    Matcher m;
    m.simple = on(c, "simplematch");
    m.case_sensitive = on(c, "casesensitive");
    m.all = on(c, "allmatches");
    if (c.has("pattern"))
        for (auto& p : enumerate(*c.get("pattern"))) m.patterns.push_back(to_string(p));
    if (!m.simple)
        for (auto& p : m.patterns) m.regexes.push_back(compile_regex(p, m.case_sensitive, c.in.operator_context()));
    bool not_match = on(c, "notmatch"), quiet = on(c, "quiet"), list = on(c, "list");

    // The lines to search: each file's (its lines numbered from 1), or each piped object's text.
    struct Source {
        std::string path;
        std::vector<std::string> lines;
    };
    std::vector<Source> sources;
    // A file's lines as Get-Content reads them: CRLF or LF ends a line (a log written on Windows
    // keeps no '\r' at the end of each line for a pattern's $ to trip on).
    if (auto files = read_path_files(c, "Select-String")) {
        for (auto& f : *files) sources.push_back({f.path, file_lines(f.text)});
    } else {
        Source piped{"InputStream", {}};
        Array input = c.input;
        if (const PsValue* io = c.get("inputobject")) input = {*io};
        for (auto& item : input) {
            if (item.is_object() && !dynamic_cast<const MatchInfoObject*>(item.as_object().get()))
                c.in.not_modelled("Select-String of a piped [" + item.as_object()->type_name() + "]");
            piped.lines.push_back(item.is_object() ? item.as_object()->to_string() : to_string(item));
        }
        sources.push_back(std::move(piped));
    }
    bool any = false;
    for (auto& src : sources) {
        for (size_t i = 0; i < src.lines.size(); ++i) {
            auto hit = m.match(src.lines[i]);
            if (hit.has_value() == not_match) continue;
            any = true;
            if (quiet) break;
            auto info = std::make_shared<MatchInfoObject>();
            info->ignore_case = !m.case_sensitive;
            info->line_number = static_cast<long long>(i + 1);
            info->line = src.lines[i];
            info->path = src.path;
            info->pattern = hit ? hit->first : m.patterns.empty() ? std::string() : m.patterns[0];
            if (hit) info->matches = hit->second;
            c.emit(PsValue(ObjectPtr(info)));
            if (list) break;  // -List: the first match of each file (or of the input) only
        }
        if (quiet && any) break;
    }
    if (quiet) c.emit(PsValue(any));
}

}  // namespace

void add_select_string(std::map<std::string, HostCommand>& m) {
    m["select-string"] = make_cmdlet("Select-String", {"pattern", "path", "literalpath", "inputobject", "context", "encoding", "include", "exclude"},
                                     {"simplematch", "casesensitive", "quiet", "list", "notmatch", "allmatches"}, {"pattern", "path"},
                                     select_string);
}

// The console's MatchInfo view (a custom control of ToString(), Windows PowerShell 5.1): a blank
// line before the run and two after it.
std::string format_match_infos(const Array& run) {
    std::string out = "\n";
    for (auto& o : run) {
        out += o.as_object()->to_string();
        out += '\n';
    }
    return out + "\n\n";
}

}  // namespace cusim::ps
