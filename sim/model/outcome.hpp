#pragma once
#include <optional>
#include <string>

namespace cusim {

// The verdict of a baseline CU or a fix run.
//   succeeds: setup completes and every post-CU health check passes
//   partial:  setup completes, some health check fails
//   fails:    setup still fails
//   invalid:  the fix could not be applied: the server (a tool's error) refused a step
//   unmodelled: a step needs something the simulator does not model (a command, parameter,
//             construct, property...): no verdict about the server, and never passed off as one
enum class Outcome { succeeds, partial, fails, invalid, unmodelled };

inline std::string to_string(Outcome o) {
    switch (o) {
        case Outcome::succeeds: return "succeeds";
        case Outcome::partial: return "partial";
        case Outcome::fails: return "fails";
        case Outcome::invalid: return "invalid";
        case Outcome::unmodelled: return "unmodelled";
    }
    return "invalid";
}

inline std::optional<Outcome> parse_outcome(const std::string& s) {
    if (s == "succeeds") return Outcome::succeeds;
    if (s == "partial") return Outcome::partial;
    if (s == "fails") return Outcome::fails;
    if (s == "invalid") return Outcome::invalid;
    if (s == "unmodelled") return Outcome::unmodelled;
    return std::nullopt;
}

}  // namespace cusim
