#pragma once
// A fix: a named, ordered list of recovery actions (scenarios/fixes/*.json), applied to
// the server, after which setup runs again. Parsed once; bad files are input errors.
#include <string>
#include <vector>

#include "sim/recovery/action_catalogue.hpp"

namespace cusim {

enum class FixWhen { after_failure, before_cu };

struct FixStep {
    std::string action;   // catalogue name
    std::string tool;
    std::string summary;  // the step as written, e.g. `iis-edit-binding site="Default Web Site" ...`
    ActionFn run;
};

struct Fix {
    std::string id;
    std::string title;
    std::string source;
    std::string path;
    FixWhen when = FixWhen::after_failure;
    std::vector<FixStep> steps;
};

Fix load_fix(const std::string& path);
// The steps of an "actions" array (a fix's, or a scenario trigger's).
std::vector<FixStep> parse_fix_steps(const JsonAt& list, const std::string& path);

}  // namespace cusim
