#pragma once
// The training lab: a trainee repairs a broken server by typing the real commands.
#include <iosfwd>
#include <string>

#include "sim/lab/lesson.hpp"

namespace cusim {

struct LabOptions {
    std::string transcript_path;  // written as a runbook when the session ends
    std::string report_path;      // the last `check`, as JSON
    bool terminal = false;        // line editing and history (libedit) instead of plain lines
};

// Runs the session on `in`/`out`; returns 0 when the last `check` passed, 1 otherwise.
int run_lab(const Lesson& lesson, std::istream& in, std::ostream& out, const LabOptions& options);

}  // namespace cusim
