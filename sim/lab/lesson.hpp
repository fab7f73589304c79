#pragma once
// Lessons for the training lab (lessons/*.json): a scenario and where the trainee starts,
// a briefing, the goal, hints in order, and variants for grading a transcript.
#include <string>
#include <vector>

#include "sim/checks/health_checks.hpp"
#include "sim/formats/scenario.hpp"

namespace cusim {

// Another server of the lesson, on which the trainee's commands are replayed at the end.
struct LessonVariant {
    Scenario scenario;
    // A contrast: a server the lesson shows the trainee's way on without expecting it to hold
    // (one-binding-stale shows its one-binding fix on a server where both bindings are stale).
    bool contrast = false;
};

struct Lesson {
    std::string id, title, path, briefing;
    int level = 1;
    Scenario scenario;                        // loaded once, when the lesson is
    bool before_trigger = false;              // "start": "before-trigger": the trainee acts before the CU
    bool setup_must_complete = true;          // the CU must be installed by the end
    std::vector<std::string> goal_checks;     // empty = every check
    std::vector<std::string> hints;
    std::vector<LessonVariant> variants;      // other scenarios the trainee's commands should also fix
};

Lesson load_lesson(const std::string& path);
std::vector<std::string> find_lessons(const std::string& dir);

// The server a trainee gets: the scenario after its trigger (the CU has just failed), or, for
// a before-trigger lesson, as it is before the CU, with setup left to the trainee.
struct LessonServer {
    Scenario scenario;
    ServerState start;
    std::string setup_log;  // C:\ExchangeSetupLogs\ExchangeSetup.log as the failed CU left it ("" before any)
};
LessonServer open_lesson_server(const Lesson& lesson, const Scenario& scenario);

struct Grade {
    bool passed = false;
    int score = 0;
    std::vector<std::string> findings;  // what failed or cost points, one sentence each
    std::vector<CheckResult> checks;
};

// Grades the server as the trainee left it. `start` is where the lesson started (after the
// trigger): what worked there and is broken now cost points.
Grade grade_lesson(const Lesson& lesson, const Scenario& scenario, const ServerState& start, const ServerState& now,
                   int hints_used);

struct VariantGrade {
    std::string scenario_id;
    Grade grade;
    bool contrast = false;
};
// Replays the trainee's commands on another state of the lesson (after its trigger) and
// grades the result as the lab grades the trainee's server: does their way hold there too?
// A command that fails there stops the replay, and is the first finding.
VariantGrade grade_variant(const Lesson& lesson, const LessonVariant& variant, const std::vector<std::string>& commands);

// The rule of the session as a whole: commands that fix the trainee's server but hold on none of
// the lesson's other servers (contrasts aside) fit that one server only (a thumbprint typed out,
// one binding of two): the session does not pass. Applied to a grade that passed on its server.
void require_a_variant_to_hold(Grade& grade, const std::vector<VariantGrade>& variants);

}  // namespace cusim
