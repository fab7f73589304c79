#include "sim/runbook/fix_metadata.hpp"

#include <fmt/format.h>

#include "sim/core/input_error.hpp"
#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"

namespace cusim {

void read_metadata_comment(const std::string& comment, Fix& fix, bool& first_comment, const std::string& path, int line,
                           bool prose) {
    std::string c = comment;
    c.erase(0, c.find_first_not_of(" \t"));
    while (!c.empty() && (c.back() == ' ' || c.back() == '\t' || c.back() == '\r')) c.pop_back();
    static const Regex meta(R"((id|title|when|source):\s*(.+))", Regex::icase);
    RegexMatch m;
    if (meta.full_match(c, &m)) {
        std::string key = ascii_lower(m[1]), value = m[2];
        if (key == "id") fix.id = value;
        else if (key == "title") fix.title = value;
        else if (key == "source") fix.source = value;
        else if (value == "before-cu") fix.when = FixWhen::before_cu;
        else if (value != "after-failure" && !prose) throw InputError(path, fmt::format("line {}", line), "when must be after-failure or before-cu");
    } else if (first_comment && !c.empty() && fix.title == fix.id && c.rfind("requires", 0) != 0) {
        fix.title = c;
    }
    first_comment = false;
}

void throw_load_problems(const std::string& path, const std::vector<std::string>& problems) {
    std::string first = problems[0].substr(0, problems[0].find(':'));
    std::string all;
    for (auto& p : problems) {
        if (!all.empty()) all += '\n';
        all += path + ":" + p;
    }
    throw InputError(path, "line " + first, problems.size() == 1 ? problems[0].substr(problems[0].find(": ") + 2)
                                                                 : fmt::format("{} problems:\n{}", problems.size(), all));
}

}  // namespace cusim
