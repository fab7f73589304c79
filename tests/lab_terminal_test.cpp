// `cusim lab` in a real terminal: the lab runs in a tmux pane (a pseudo-terminal, so it
// takes the libedit path), the test types into it with send-keys and reads the screen with
// capture-pane.
//
// There is no sleep: tmux's pipe-pane copies every byte the pane receives into a FIFO, and
// each step waits (poll(), with a generous deadline) until the text it expects has arrived
// in that stream; the screen is read only then. The tmux server queues each chunk the pane writes
// for the pipe and parses it into the screen in the same callback (window_pane_read_callback), so
// a capture-pane sent after the bytes came out of the pipe shows them.
// The pane's command waits on `tmux wait-for` until the pipe is attached, so no byte is lost.
// The tmux server is a private one (-L, -f /dev/null), killed at the end even when a check fails.
#define BOOST_TEST_MODULE lab_terminal
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_support.hpp"

namespace {

using cusim::test::CommandResult;
using cusim::test::run_command;

const std::string kPrompt = "PS C:\\Windows\\system32> ";
const std::string kPromptLine = "PS C:\\Windows\\system32>";  // as capture-pane shows it, without the trailing blank
// Long enough for an AddressSanitizer build on a loaded machine; only a failing run waits it out.
constexpr std::chrono::seconds kDeadline{20};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string rstrip(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

std::vector<std::string> screen_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(rstrip(line));
    return lines;
}

// The terminal stream with escape and control bytes made visible, for failure messages.
std::string visible(const std::string& bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c == '\n') out += "\\n\n";
        else if (c == '\r') out += "\\r";
        else if (c == 0x1b) out += "\\e";
        else if (c < 0x20 || c == 0x7f) out += "^" + std::string(1, char(c ^ 0x40));
        else out += char(c);
    }
    return out;
}

size_t count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

// True when the screen shows `prompt + typed` on a line and the next line starts with `reply`:
// what was typed was echoed as it was meant, and the lab answered it.
bool answered(const std::vector<std::string>& lines, const std::string& typed, const std::string& reply) {
    for (size_t i = 0; i + 1 < lines.size(); ++i)
        if (lines[i] == rstrip(kPrompt + typed) && lines[i + 1].rfind(reply, 0) == 0) return true;
    return false;
}

// One `cusim lab` session in a pane of a private tmux server.
class TmuxLab {
public:
    TmuxLab() : socket_("cusim-lab-test-" + std::to_string(getpid())) {}
    TmuxLab(const TmuxLab&) = delete;
    TmuxLab& operator=(const TmuxLab&) = delete;
    ~TmuxLab() {
        run_command(tmux("kill-server"));  // also ends cusim (SIGHUP); harmless when no server runs
        if (!socket_path_.empty()) unlink(socket_path_.c_str());  // tmux leaves it behind
        if (fd_ >= 0) close(fd_);
    }

    void start(const std::string& lesson) {
        BOOST_REQUIRE_MESSAGE(run_command("command -v tmux").exit_code == 0,
                              "tmux is not installed: this test drives `cusim lab` in a terminal with it "
                              "(scripts/install-deps installs it)");
        std::string dir = cusim::test::make_temp_dir("lab-terminal");
        std::string fifo = dir + "/pane.fifo";
        std::string editrc = dir + "/editrc";  // empty: the user's ~/.editrc must not change the key bindings
        cusim::test::write_text(editrc, "");
        BOOST_REQUIRE_MESSAGE(mkfifo(fifo.c_str(), 0600) == 0, "mkfifo " << fifo << ": " << std::strerror(errno));
        // Opened before pipe-pane's writer, so that writer does not block; non-blocking, read after poll().
        fd_ = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
        BOOST_REQUIRE_MESSAGE(fd_ >= 0, "open " << fifo << ": " << std::strerror(errno));

        // The pane's program, run by /bin/sh whatever the user's shell: wait for the pipe, run
        // the lab, then print its exit status (remain-on-exit keeps the pane for capture-pane).
        // `trap : INT`: the shell lives through a Ctrl-C sent to the pane (its child gets the default
        // disposition back, so cusim sees the signal) and still prints cusim's exit status.
        std::string script = "trap : INT; tmux -L " + quote(socket_) + " wait-for go || { echo '[gate failed]'; exit 99; }; EDITRC=" +
                             quote(editrc) + " " + quote(CUSIM_BINARY) + " lab " + quote(lesson) + "; echo \"[exit:$?]\"";
        CommandResult r = run_command(
            tmux("start-server \\; set-option -g default-terminal screen"
                 " \\; new-session -d -s lab -x 120 -y 40 -c " + quote(CUSIM_SOURCE_DIR) + " /bin/sh -c " + quote(script) +
                 " \\; set-option -w -t lab remain-on-exit on"
                 " \\; pipe-pane -t lab " + quote("exec cat > " + quote(fifo)) +
                 " \\; wait-for -S go"));
        std::string path = display("#{socket_path}");  // before the check: a half-started server is cleaned up too
        if (path.rfind('/', 0) == 0) socket_path_ = path;
        BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "starting the tmux session failed (" << r.exit_code << "):\n" << r.output);
    }

    // Types text literally, then presses the named keys (tmux key names: Enter, Left, Up, BSpace).
    void type(const std::string& text, const std::string& keys = "Enter") {
        if (!text.empty()) send("send-keys -t lab -l " + quote(text));
        if (!keys.empty()) send("send-keys -t lab " + keys);
    }

    // Waits until `text` arrives in the pane's byte stream after what earlier waits consumed;
    // fails the test with the screen and the stream when it does not.
    void expect(const std::string& text, const std::string& step) {
        if (wait_for(text)) return;
        BOOST_FAIL(step << ": `" << text << "` did not appear within " << kDeadline.count() << " s"
                        << (eof_ ? " (the pane's output ended)" : "") << ".\nThe pane shows:\n"
                        << screen(true) << "\nThe terminal stream since the last step:\n"
                        << visible(stream_.substr(consumed_)));
    }

    // Waits for the pane's program to end (the `[exit:N]` line) and returns the pane with its history.
    std::string finished(const std::string& step) {
        expect("[exit:", step);
        expect("]", step);
        return screen(true);
    }

    // The visible screen, or with `history` the lines scrolled off it as well; wrapped lines joined,
    // trailing blanks dropped.
    std::string screen(bool history = false) const {
        CommandResult r = run_command(tmux(std::string("capture-pane -p -J -t lab") + (history ? " -S -" : "")));
        if (r.exit_code != 0) return "(capture-pane failed: " + r.output + ")";
        std::string text;
        for (auto& line : screen_lines(r.output)) text += line + "\n";  // -J keeps trailing blanks: drop them
        return text;
    }

    std::string display(const std::string& format) const {
        std::string out = run_command(tmux("display-message -p -t lab " + quote(format))).output;
        if (!out.empty() && out.back() == '\n') out.pop_back();
        return out;
    }

    const std::string& stream() const { return stream_; }

private:
    std::string tmux(const std::string& args) const { return "tmux -L " + quote(socket_) + " -f /dev/null " + args; }

    void send(const std::string& args) {
        CommandResult r = run_command(tmux(args));
        BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "tmux " << args << " failed:\n" << r.output);
    }

    bool wait_for(const std::string& text) {
        auto deadline = std::chrono::steady_clock::now() + kDeadline;
        for (;;) {
            size_t pos = stream_.find(text, consumed_);
            if (pos != std::string::npos) {
                consumed_ = pos + text.size();
                return true;
            }
            if (eof_) return false;
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            int ready = poll(&p, 1, int(left.count()));
            if (ready < 0 && errno != EINTR) return false;
            if (ready <= 0) continue;  // interrupted, or the deadline: the loop checks it
            char buf[4096];
            ssize_t n = read(fd_, buf, sizeof buf);
            if (n > 0) stream_.append(buf, size_t(n));
            // Linux reports no hang-up on a FIFO before its first writer, so 0 means pipe-pane's cat closed it.
            else if (n == 0 || (errno != EAGAIN && errno != EINTR)) eof_ = true;
        }
    }

    std::string socket_;       // the private server's name (-L)
    std::string socket_path_;  // and its socket file
    int fd_ = -1;
    std::string stream_;   // every byte the pane received
    size_t consumed_ = 0;  // where the next wait starts looking
    bool eof_ = false;
};

}  // namespace

BOOST_AUTO_TEST_CASE(lab_in_a_terminal) {
    TmuxLab lab;
    lab.start("expired-iis-cert");

    // (1) The banner, then libedit's prompt, drawn once, with the cursor after it.
    lab.expect("cusim lab: The CU failed on an expired certificate (level 1)", "start");
    lab.expect(kPrompt, "start");
    {
        std::string screen = lab.screen();
        auto lines = screen_lines(screen);
        BOOST_TEST_CONTEXT("the screen:\n" << screen) {
            BOOST_CHECK_EQUAL(count(screen, kPromptLine), 1u);
            while (!lines.empty() && lines.back().empty()) lines.pop_back();
            BOOST_REQUIRE(!lines.empty());
            BOOST_CHECK_EQUAL(lines.back(), kPromptLine);
            BOOST_CHECK_EQUAL(lab.display("#{cursor_x}"), std::to_string(kPrompt.size()));
        }
    }

    // (2) A simulated command and its output.
    lab.type("netsh http show sslcert ipport=0.0.0.0:443");
    lab.expect("Certificate Hash             : e89820c2e3165d9d3f7478e08fa1b991460a8a2e", "netsh");
    lab.expect(kPrompt, "netsh");
    {
        std::string screen = lab.screen();
        auto lines = screen_lines(screen);
        BOOST_TEST_CONTEXT("the screen:\n" << screen) {
            BOOST_CHECK(answered(lines, "netsh http show sslcert ipport=0.0.0.0:443", ""));
            BOOST_CHECK_EQUAL(count(screen, "netsh http show sslcert ipport=0.0.0.0:443"), 1u);
            BOOST_CHECK(screen.find("    IP:port                      : 0.0.0.0:443\n") != std::string::npos);
            BOOST_CHECK(screen.find("    Certificate Hash             : e89820c2e3165d9d3f7478e08fa1b991460a8a2e\n") !=
                        std::string::npos);
        }
    }

    // (2b) Tab completes a command name and a Cert:\ path (one candidate: completed in place); a
    // statement left open goes on at the ">>" prompt, and runs when it is closed.
    lab.type("Get-ChildI", "Tab");
    lab.type("Cert:\\LocalMachine\\My\\E8", "Tab Enter");
    lab.expect("E89820C2E3165D9D3F7478E08FA1B991460A8A2E  CN=mail.contoso.com", "Tab completion");
    lab.expect(kPrompt, "Tab completion");
    lab.type("foreach ($i in 1..2) {");
    lab.expect(">> ", "an open block");
    lab.type("\"round $i\"");
    lab.expect(">> ", "an open block, second line");
    lab.type("}");
    lab.expect("round 2", "the block closed");
    lab.expect(kPrompt, "the block closed");
    {
        std::string screen = lab.screen();
        BOOST_TEST_CONTEXT("the screen:\n" << screen) {
            BOOST_CHECK(screen.find("Get-ChildItem Cert:\\LocalMachine\\My\\E89820C2E3165D9D3F7478E08FA1B991460A8A2E") != std::string::npos);
            BOOST_CHECK(screen.find("\nround 1\nround 2\n") != std::string::npos);
        }
    }

    // (3) A lab command.
    lab.type("hint");
    lab.expect("Hint 1 of 4: ", "hint");
    lab.expect(kPrompt, "hint");
    {
        std::string screen = lab.screen();
        BOOST_TEST_CONTEXT("the screen:\n" << screen) {
            BOOST_CHECK(answered(screen_lines(screen), "hint", "Hint 1 of 4: Look at what http.sys serves: netsh http show sslcert"));
        }
    }

    // (4) libedit's line editing: cursor movement, history, backspace. Each must reach the lab as `hint`.
    lab.type("hnt", "Left Left");
    lab.type("i");
    lab.expect("Hint 2 of 4: ", "hnt, Left, Left, i");
    lab.expect(kPrompt, "hnt, Left, Left, i");
    lab.type("", "Up Enter");
    lab.expect("Hint 3 of 4: ", "Up (the history)");
    lab.expect(kPrompt, "Up (the history)");
    lab.type("hintx", "BSpace Enter");
    lab.expect("Hint 4 of 4: ", "hintx, Backspace");
    lab.expect(kPrompt, "hintx, Backspace");
    {
        std::string screen = lab.screen();
        auto lines = screen_lines(screen);
        BOOST_TEST_CONTEXT("the screen:\n" << screen) {
            BOOST_CHECK(answered(lines, "hint", "Hint 2 of 4: "));
            BOOST_CHECK(answered(lines, "hint", "Hint 3 of 4: "));
            BOOST_CHECK(answered(lines, "hint", "Hint 4 of 4: "));
        }
    }

    // (5) quit: the final grade, and the exit status of a lesson not passed.
    lab.type("quit");
    lab.expect("Session over.", "quit");
    {
        std::string screen = lab.finished("quit");
        BOOST_TEST_CONTEXT("the pane with its history:\n" << screen) {
            auto lines = screen_lines(screen);
            BOOST_CHECK(answered(lines, "quit", ""));
            BOOST_CHECK(screen.find("\nSession over. ") != std::string::npos);
            // Four hints and no repair: the lesson is not passed.
            BOOST_CHECK_MESSAGE(screen.find("\n[exit:1]\n") != std::string::npos, "cusim lab should exit 1 (not passed)");
            // An AddressSanitizer report also exits 1: it must not be there.
            BOOST_CHECK_MESSAGE(lab.stream().find("Sanitizer") == std::string::npos, "a sanitizer reported an error");
        }
    }
}

// Ctrl-C drops the line being typed and prompts again, as PowerShell does; the session goes on.
// Ctrl-D ends it as quit does: the grade is printed, the process exits 1, not killed.
BOOST_AUTO_TEST_CASE(ctrl_c_drops_the_line_and_ctrl_d_ends_the_session) {
    TmuxLab lab;
    lab.start("expired-iis-cert");
    lab.expect(kPrompt, "start");
    lab.type("netsh http delete sslcert ipport=0.0.0.0:443", "C-c");
    lab.expect("^C", "Ctrl-C");
    lab.expect(kPrompt, "Ctrl-C");
    lab.type("hint");
    lab.expect("Hint 1 of 4: ", "hint after Ctrl-C");
    lab.expect(kPrompt, "hint after Ctrl-C");
    lab.type("", "C-d");
    lab.expect("Session over. NOT YET", "Ctrl-D");
    std::string screen = lab.finished("Ctrl-D");
    BOOST_TEST_CONTEXT("the pane with its history:\n" << screen) {
        // The dropped line never ran: nothing was deleted, so nothing counts.
        BOOST_CHECK(screen.find("Commands that count: none") != std::string::npos);
        BOOST_CHECK(screen.find("SSL Certificate successfully deleted") == std::string::npos);
        BOOST_CHECK(screen.find("\n[exit:1]\n") != std::string::npos);
        BOOST_CHECK(lab.stream().find("Sanitizer") == std::string::npos);
    }
}
