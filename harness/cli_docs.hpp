#pragma once
// The man page cusim(1) and the bash completion, both made from the command line's own
// description (the subcommands and options CLI11 knows), so that neither can fall behind an
// option added later. The build runs `cusim --manpage` and `cusim --bash-completion` and installs
// what they print.
#include <string>
#include <vector>

namespace cusim {

struct OptionDoc {
    std::vector<std::string> names;  // "--fix", "-v"; empty for a positional
    std::string positional;          // its name, for a positional
    std::string help;
    bool takes_value = false;
    // What its value is, as --help shows it: "PATH" or "DIR" (completion offers files or folders),
    // "FIX|PATH" (a fix id or a file: completion offers `cusim fixes`' ids and files), "LESSON|PATH",
    // anything else (TEXT, INT...: nothing to offer).
    std::string type;
};

struct CommandDoc {
    std::string name;  // empty for cusim itself
    std::string description;
    std::string exit_codes;
    std::vector<OptionDoc> options;
};

// `commands[0]` is cusim itself (its global options), then one per subcommand.
std::string man_page(const std::vector<CommandDoc>& commands, const std::string& version);
std::string bash_completion(const std::vector<CommandDoc>& commands);

}  // namespace cusim
