// Progress on stderr (harness/progress.hpp): nothing unless stderr is a terminal and the run
// has taken more than a second; at most ten lines a second, each over the last; cleared before
// other output. A clock of the test's own: nothing here waits.
#define BOOST_TEST_MODULE progress
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/progress.hpp"

using cusim::Progress;
using namespace std::chrono_literals;

namespace {
Progress::clock::time_point fake_now_value{};
Progress::clock::time_point fake_now() { return fake_now_value; }

// What a Progress wrote to its stream, `steps` driving it.
template <typename Steps>
std::string written(bool terminal, Steps steps) {
    char* buf = nullptr;
    size_t size = 0;
    std::FILE* f = open_memstream(&buf, &size);
    {
        fake_now_value = {};
        Progress p("servers", 10, terminal, f, &fake_now);
        steps(p);
    }
    std::fclose(f);
    std::string out(buf, size);
    std::free(buf);
    return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(nothing_when_not_a_terminal) {
    BOOST_TEST(written(false, [](Progress& p) {
                   fake_now_value += 5s;
                   p.update("predicting", 3);
               }) == "");
}

BOOST_AUTO_TEST_CASE(nothing_in_the_first_second) {
    BOOST_TEST(written(true, [](Progress& p) {
                   fake_now_value += 999ms;
                   p.update("predicting", 3);
                   p.clear();
               }) == "");
}

BOOST_AUTO_TEST_CASE(after_a_second_ten_lines_a_second_then_cleared) {
    std::string out = written(true, [](Progress& p) {
        fake_now_value += 1s;
        p.update("reading", 2);
        fake_now_value += 50ms;
        p.update("reading", 3);  // too soon: not drawn
        fake_now_value += 50ms;
        p.update("predicting", 4);
        p.update("predicting", 10);  // the last is always drawn
    });
    // The destructor takes the line away.
    BOOST_TEST(out == "\r\033[Kreading 2/10 servers\r\033[Kpredicting 4/10 servers\r\033[Kpredicting 10/10 servers\r\033[K");
}

BOOST_AUTO_TEST_CASE(cleared_then_drawn_again) {
    std::string out = written(true, [](Progress& p) {
        fake_now_value += 2s;
        p.update("predicting", 1);
        p.clear();
        p.clear();  // nothing shown: nothing to take away
        p.update("predicting", 2);  // redrawn at once after a clear
    });
    BOOST_TEST(out == "\r\033[Kpredicting 1/10 servers\r\033[K\r\033[Kpredicting 2/10 servers\r\033[K");
}
