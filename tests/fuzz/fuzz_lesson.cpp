// Lessons of the training lab (sim/lab/lesson): the JSON, the scenario and variants it names
// (anywhere in the repository), and the server a trainee would get.
#include "sim/lab/lesson.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // One folder deep, as lessons/*.json: "../scenarios/seed/..." resolves.
    std::string path = cusim::fuzz::write_input("input/lesson.json", data, size);
    cusim::fuzz::expect_input_error([&] {
        cusim::Lesson lesson = cusim::load_lesson(path);
        cusim::open_lesson_server(lesson, lesson.scenario);
    });
    return 0;
}
