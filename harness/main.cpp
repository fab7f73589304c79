// cusim: one command line with subcommands (harness/command_line.cpp).
#include "harness/commands.hpp"

int main(int argc, char** argv) { return cusim::run_command_line(argc, argv); }
