#include "harness/cli_docs.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/model/server_state.hpp"

namespace cusim {

namespace {
// roff: a line that starts with . or ' is a request, and \ starts an escape.
std::string roff(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return out;
}

std::string option_synopsis(const OptionDoc& o) {
    if (o.names.empty()) return o.positional;
    std::string s = join(o.names, ", ");
    return o.takes_value ? s + " " + (o.type.empty() ? "VALUE" : o.type) : s;
}
}  // namespace

std::string man_page(const std::vector<CommandDoc>& commands, const std::string& version) {
    std::string out;
    out += fmt::format(".TH CUSIM 1 \"\" \"cusim {}\" \"User Commands\"\n", roff(version));
    out += ".SH NAME\ncusim \\- simulate Exchange cumulative\\-update setup failures caused by certificates\n";
    out += ".SH SYNOPSIS\n.B cusim\n[\\fB\\-\\-data\\-dir\\fR \\fIDIR\\fR] \\fISUBCOMMAND\\fR [\\fIOPTIONS\\fR]\n";
    out += ".SH DESCRIPTION\n";
    out += "cusim simulates a Microsoft Exchange cumulative update (CU) whose setup fails on a certificate "
           "(\"Mailbox role: Transport service ... The certificate is expired.\"), runs recovery fixes, runbooks "
           "and external programs against it, and reports which succeed. Certificates are real X.509; every date "
           "comes from the simulated clock.\n";
    for (const auto& c : commands) {
        if (c.name.empty()) {
            out += ".SH GLOBAL OPTIONS\n.TP\n.B \\-\\-version\nprint the version and where the data folder is, and exit\n"
                   ".TP\n.B \\-h, \\-\\-help\nprint the help (after a subcommand: its help) and exit\n";
        } else {
            out += fmt::format(".SH {}\n", roff("cusim " + c.name));
            out += roff(c.description) + "\n";
        }
        for (const auto& o : c.options) {
            out += fmt::format(".TP\n.B {}\n{}\n", roff(option_synopsis(o)), roff(o.help));
        }
        if (!c.exit_codes.empty()) out += fmt::format(".PP\nExit codes: {}\n", roff(c.exit_codes));
    }
    out += ".SH EXIT STATUS\n"
           ".TP\n.B 0\nall expectations hold (each subcommand above says what that means for it)\n"
           ".TP\n.B 1\nan expectation broke, or the simulated setup failed\n"
           ".TP\n.B 2\nunusable input: the error names the file and, where there is one, the line or JSON pointer\n"
           ".TP\n.B 3\ninternal error (a bug)\n";
    out += ".SH ENVIRONMENT\n"
           ".TP\n.B CUSIM_DATA_DIR\nthe folder of the bundled scenarios, fixes and lessons (as \\-\\-data\\-dir)\n"
           ".TP\n.B NO_COLOR\nwhen set and not empty, no colour on a terminal\n";
    out += ".SH FILES\n"
           ".TP\n.I /usr/share/cusim\nthe bundled scenarios (scenarios/), the fix catalogue (scenarios/fixes/), the "
           "lessons (lessons/), the fixture certificates they use (fixtures/) and the JSON schemas; found beside the "
           "executable (../share/cusim), in a build tree beside its sources\n";
    return out;
}

namespace {
// The bash words that complete a value of this type.
std::string complete_value(const std::string& type) {
    std::string out;
    if (type.find("FIX") != std::string::npos) out += "_cusim_ids fixes; ";
    if (type.find("LESSON") != std::string::npos) out += "_cusim_ids \"lab --list\"; ";
    if (type == "VERSION") {  // --target's names
        std::vector<std::string> names;
        for (auto& t : upgrade_targets()) names.push_back(t.name);
        out += "COMPREPLY=($(compgen -W \"" + join(names, " ") + "\" -- \"$cur\")); ";
    }
    if (type.find("DIR") != std::string::npos) out += "_filedir -d; ";
    else if (type.find("PATH") != std::string::npos) out += "_filedir; ";
    return out.empty() ? ":" : out.substr(0, out.size() - 2);
}
}  // namespace

std::string bash_completion(const std::vector<CommandDoc>& commands) {
    std::string subcommands, cases;
    std::string global_options;
    for (const auto& c : commands) {
        std::vector<std::string> words;
        std::string value_cases, positional = "_filedir";
        for (const auto& o : c.options) {
            if (o.names.empty()) {
                positional = complete_value(o.type);
                continue;
            }
            for (const auto& n : o.names) words.push_back(n);
            if (o.takes_value)
                value_cases += fmt::format("                {}) {}; return ;;\n", join(o.names, "|"), complete_value(o.type));
        }
        if (c.name.empty()) {
            global_options = join(words, " ");
            continue;
        }
        subcommands += (subcommands.empty() ? "" : " ") + c.name;
        cases += fmt::format("        {})\n", c.name);
        if (!value_cases.empty()) cases += "            case \"$prev\" in\n" + value_cases + "            esac\n";
        cases += fmt::format("            opts=\"{}\"; positional() {{ {}; }} ;;\n", join(words, " "), positional);
    }
    return fmt::format(R"(# bash completion for cusim (made by `cusim --bash-completion`)
_cusim() {{
    local cur prev words cword
    _init_completion || return
    local subcommands="{0}"
    local sub="" i
    for ((i = 1; i < cword; i++)); do
        case "${{words[i]}}" in
            --data-dir) ((i++)) ;;
            -*) ;;
            *) sub="${{words[i]}}"; break ;;
        esac
    done
    if [[ -z "$sub" ]]; then
        if [[ "$prev" == --data-dir ]]; then _filedir -d; return; fi
        COMPREPLY=($(compgen -W "$subcommands {1} --help --version" -- "$cur"))
        return
    fi
    local opts=""
    case "$sub" in
{2}        *) return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
    else
        positional
    fi
}}
# The first word of each line a cusim listing prints (fix ids, lesson ids), added to COMPREPLY.
_cusim_ids() {{
    local ids
    ids=$(cusim $1 2>/dev/null | awk '{{print $1}}')
    COMPREPLY+=($(compgen -W "$ids" -- "$cur"))
}}
complete -F _cusim cusim
)",
                       subcommands, global_options, cases);
}

}  // namespace cusim
