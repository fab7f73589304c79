#pragma once
// What every fuzz target shares. The parsers take file paths, and a file may name others
// relative to itself (../../fixtures/keys/key01.pem, ../scenarios/seed/x.json): the input is
// written to one reused path in a scratch folder per process that links fixtures/, scenarios/
// and lessons/ to the source tree, so such paths resolve as they do for the real files.
//
// The contract (README "exit 2"): input a parser rejects comes out as an InputError that names
// its file; any other exception is a bug, reported and aborted on so that libFuzzer records it
// (as it does a crash, a hang, a leak or a sanitizer report).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <typeinfo>

#include "sim/core/input_error.hpp"

namespace cusim::fuzz {

// Writes the input to `relative` under the scratch folder (made on first use, removed at
// exit) and returns its path. `relative` must not start with a linked folder: the links
// point into the source tree. Depth matters: "input/x/scenario.json" sits where
// scenarios/seed/*.json does, "input/lesson.json" where lessons/*.json does.
std::string write_input(const std::string& relative, const uint8_t* data, size_t size);

// A file of the source tree, through the scratch folder's links (e.g. "scenarios/seed/healthy.json").
std::string linked(const std::string& relative);
// Copies a folder of the source tree (e.g. "tests/state/seed-expired-after-cu") into the scratch
// folder as `relative`, once per process, and returns its path: a target that rewrites files in it.
std::string scratch_copy(const std::string& source_relative, const std::string& relative);

[[noreturn]] void report_and_abort(const char* what_kind, const std::string& detail);

// Runs `parse`: an InputError naming its file is the parser saying "exit 2"; anything else aborts.
template <class F>
void expect_input_error(F&& parse) {
    try {
        parse();
    } catch (const InputError& e) {
        if (e.file().empty()) report_and_abort("InputError without a file", e.what());
    } catch (const std::exception& e) {
        report_and_abort(typeid(e).name(), e.what());
    } catch (...) {
        report_and_abort("a non-std exception", "");
    }
}

}  // namespace cusim::fuzz
