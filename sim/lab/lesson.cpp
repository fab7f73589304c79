#include "sim/lab/lesson.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "sim/recovery/fix_run.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/input_paths.hpp"
#include "sim/runbook/runbook.hpp"
#include "sim/runbook/shell_session.hpp"
#include "sim/core/text.hpp"

namespace cusim {
namespace fs = std::filesystem;

Lesson load_lesson(const std::string& path) {
    Json doc = load_json_file(path);
    JsonAt root(doc, path, "");
    root.allow_only({"$schema", "id", "title", "level", "scenario", "start", "briefing", "goal", "hints", "variants"});
    Lesson l;
    l.path = path;
    l.id = root.str("id");
    l.title = root.str("title");
    l.level = root.has("level") ? int(root.at("level").integer_in(1, 3)) : 1;
    l.briefing = root.str("briefing");
    InputFolder folder(path);
    // Loaded here, once, so that a bad scenario or variant stops the lab before the session starts.
    auto scenario_at = [&](const JsonAt& at) {
        std::string file = folder.resolve_in_repository(at);
        try {
            return load_scenario(file);
        } catch (const InputError& e) {
            at.fail(e.what());
        }
    };
    l.scenario = scenario_at(root.at("scenario"));
    std::string start = root.str_or("start", "after-trigger");
    if (start != "after-trigger" && start != "before-trigger") root.at("start").fail("start must be after-trigger or before-trigger");
    l.before_trigger = start == "before-trigger";
    if (auto goal = root.find("goal")) {
        goal->allow_only({"setupCompletes", "checks"});
        l.setup_must_complete = goal->boolean_or("setupCompletes", true);
        l.goal_checks = goal->strings("checks");
        std::vector<std::string> check_ids;
        for (auto& c : run_health_checks(l.scenario.state)) check_ids.push_back(c.id);
        // A misspelt goal would be a goal nobody can miss.
        for (size_t i = 0; i < l.goal_checks.size(); ++i)
            if (std::find(check_ids.begin(), check_ids.end(), l.goal_checks[i]) == check_ids.end())
                goal->at("checks").at(i).fail(fmt::format("unknown check '{}' (checks: {})", l.goal_checks[i], join(check_ids, ", ")));
    }
    l.hints = root.strings("hints");
    if (auto v = root.find("variants"))
        for (auto& item : v->items()) {
            // "PATH", or {"scenario": PATH, "contrast": true, "why": "..."}.
            if (!item.value().is_object()) {
                l.variants.push_back({scenario_at(item), false});
                continue;
            }
            item.allow_only({"scenario", "contrast", "why"});
            l.variants.push_back({scenario_at(item.at("scenario")), item.boolean_or("contrast", false)});
        }
    return l;
}

std::vector<std::string> find_lessons(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError(dir, "no such folder: run cusim from its checkout (it has lessons/), or name the lessons "
                              "folder with --lessons DIR");
    for (auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".json" && e.path().filename().string().find(".schema.") == std::string::npos)
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

bool names(const Certificate& c, const std::string& name) {
    const auto& n = c.dns_names();
    return iequals(c.common_name(), name) || std::any_of(n.begin(), n.end(), [&](auto& x) { return iequals(x, name); });
}

const StoreEntry* served(const ServerState& s, const std::string& endpoint) {
    const SslBinding* b = s.find_ssl_binding(endpoint);
    return b ? s.certificate_of(*b) : nullptr;
}

}  // namespace

LessonServer open_lesson_server(const Lesson& lesson, const Scenario& scenario) {
    LessonServer server{scenario, {}, {}};
    if (lesson.before_trigger) server.scenario.trigger = TriggerKind::none;
    Baseline baseline = run_baseline(server.scenario);
    server.start = std::move(baseline.after);
    server.setup_log = std::move(baseline.record.log);
    return server;
}

Grade grade_lesson(const Lesson& lesson, const Scenario& scenario, const ServerState& start, const ServerState& now,
                   int hints_used) {
    Grade g;
    int penalty = 0;
    bool ok = true;
    // Only where a CU is part of the story: after a CU trigger, or a lesson that leaves the CU to
    // the trainee. A server probed as it is (trigger none) may simply not be on the target build.
    bool cu_in_story = scenario.trigger == TriggerKind::cu || lesson.before_trigger;
    if (lesson.setup_must_complete && cu_in_story && (now.setup.upgrade_in_progress || now.exchange.installed_build != now.exchange.target_build)) {
        ok = false;
        g.findings.push_back("the CU has not completed: run setup again once the certificates are right");
    }
    g.checks = run_health_checks(now);
    auto before = run_health_checks(start);
    for (auto& c : g.checks) {
        bool goal = lesson.goal_checks.empty() ||
                    std::find(lesson.goal_checks.begin(), lesson.goal_checks.end(), c.id) != lesson.goal_checks.end();
        if (c.passed || !goal) continue;
        ok = false;
        auto b = std::find_if(before.begin(), before.end(), [&](auto& x) { return x.id == c.id; });
        bool broke = b != before.end() && b->passed;
        g.findings.push_back(fmt::format("{} fails{}: {}", c.id, broke ? " (it worked before: you broke it)" : "", c.detail));
        if (broke) penalty += 15;
    }
    // Public clients: 0.0.0.0:443 must still name what it named before (R9, case 16).
    if (const StoreEntry* was = served(scenario.state, "0.0.0.0:443")) {
        const StoreEntry* is = served(now, "0.0.0.0:443");
        for (auto& name : was->certificate.dns_names()) {
            if (iequals(name, now.exchange.server_name) || iequals(name, now.exchange.fqdn)) continue;
            if (!is || !names(is->certificate, name)) {
                penalty += 20;
                g.findings.push_back(fmt::format("public clients now get certificate warnings: 0.0.0.0:443 no longer names {}", name));
                break;
            }
        }
    }
    // The self-signed "Microsoft Exchange" certificate is needed for 444 and internal SMTP (case 28).
    auto has_self_signed = [](const ServerState& s) {
        const CertificateStore* my = s.find_store(StoreName::My);
        return my && std::any_of(my->entries.begin(), my->entries.end(), [&](auto& e) {
                   return e.certificate.is_self_signed() && iequals(e.certificate.common_name(), s.exchange.server_name) &&
                          e.friendly_name == "Microsoft Exchange";
               });
    };
    if (has_self_signed(scenario.state) && !has_self_signed(now)) {
        penalty += 20;
        g.findings.push_back("the self-signed \"Microsoft Exchange\" certificate was deleted");
    }
    if (hints_used > 0) {
        penalty += 5 * hints_used;
        g.findings.push_back(fmt::format("{} hint{} used", hints_used, hints_used == 1 ? "" : "s"));
    }
    g.passed = ok;
    g.score = std::max(0, (ok ? 100 : 50) - penalty);
    return g;
}

VariantGrade grade_variant(const Lesson& lesson, const LessonVariant& variant, const std::vector<std::string>& commands) {
    auto [scenario, start, setup_log] = open_lesson_server(lesson, variant.scenario);
    ServerState state = start;
    ShellSession session(lesson.path);
    ActionContext ctx{state, scenario};
    ctx.setup_log = &setup_log;
    std::string failed;
    for (auto& line : commands) {
        ActionResult r = session.run(line, ctx).result;
        setup_log += r.setup_log;
        if (!r.ok && r.setup_failed_step.empty()) {  // a failed setup run is an outcome, not a broken command
            std::string first = r.output.substr(0, r.output.find('\n'));
            failed = fmt::format("`{}` fails on this server: {}", line, first);
            break;
        }
    }
    VariantGrade v{scenario.id, grade_lesson(lesson, scenario, start, state, 0), variant.contrast};
    if (!failed.empty()) {
        v.grade.passed = false;
        v.grade.findings.insert(v.grade.findings.begin(), failed);
    }
    return v;
}

void require_a_variant_to_hold(Grade& grade, const std::vector<VariantGrade>& variants) {
    size_t expected = 0;
    for (auto& v : variants) {
        if (v.contrast) continue;
        ++expected;
        if (v.grade.passed) return;
    }
    if (expected == 0 || !grade.passed) return;
    grade.passed = false;
    grade.score = std::max(0, grade.score - 50);
    grade.findings.insert(grade.findings.begin(),
                          fmt::format("your commands do not hold on {}: they fit this server only (a thumbprint typed out, "
                                      "one binding of two?)",
                                      expected == 1 ? std::string("the lesson's other server")
                                                    : fmt::format("any of the lesson's {} other servers", expected)));
}

}  // namespace cusim
