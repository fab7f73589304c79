#include "sim/recovery/fix.hpp"

#include <fmt/format.h>

#include "sim/core/input_error.hpp"
#include "sim/recovery/program_fix.hpp"

namespace cusim {

namespace {
std::string summarize(const Json& params) {
    std::string s;
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.key() == "action" || it.key() == "comment") continue;
        s += " " + it.key() + "=" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
    return s;
}
}  // namespace

Fix load_fix(const std::string& path) {
    Json doc = load_json_file(path);
    JsonAt root(doc, path, "");
    root.allow_only({"$schema", "id", "title", "source", "when", "actions", "program", "timeoutSeconds", "comment"});
    Fix fix;
    fix.path = path;
    fix.id = root.str("id");
    fix.title = root.str("title");
    fix.source = root.str_or("source", "");
    std::string when = root.str_or("when", "after-failure");
    if (when == "after-failure") fix.when = FixWhen::after_failure;
    else if (when == "before-cu") fix.when = FixWhen::before_cu;
    else root.at("when").fail("when must be \"after-failure\" or \"before-cu\"");
    if (auto program = root.find("program")) {
        if (root.has("actions")) root.at("actions").fail("a fix is either actions or a program");
        auto argv = root.strings("program");
        if (argv.empty()) program->fail("the program needs at least its name");
        // Checked as the JSON number it is (a cast first made 4294967298 a 2 s limit, and 0 no
        // limit at all): one second to one hour.
        int timeout = root.has("timeoutSeconds") ? int(root.at("timeoutSeconds").integer_in(1, 3600)) : 60;
        fix.steps.push_back(make_program_step(argv, timeout, path));
        return fix;
    }
    fix.steps = parse_fix_steps(root.at("actions"), path);
    return fix;
}

std::vector<FixStep> parse_fix_steps(const JsonAt& list, const std::string& path) {
    std::vector<FixStep> steps;
    InputFolder folder(path);
    for (auto& item : list.items()) {
        item.require_object();
        std::string name = item.str("action");
        const ActionDef* def = find_action(name);
        if (!def) item.at("action").fail(fmt::format("unknown action '{}' (see `cusim fixes --actions`)", name));
        Json params = item.value();
        params.erase("action");
        params.erase("comment");
        ActionFn fn = def->parse(JsonAt(params, path, item.pointer()), folder);
        steps.push_back({name, def->tool, name + summarize(item.value()), std::move(fn)});
    }
    return steps;
}

}  // namespace cusim
