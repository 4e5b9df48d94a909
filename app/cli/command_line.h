#pragma once

#include "app/cli/command_spec.h"

namespace rs::cli {

// Parses argv against `program` (CLI11) and runs the chosen command. --help and -h on every
// command, --version, --opt=value and repeatable options come from the parser. Returns the exit
// status: 0 ok, 1 an error in the work (UserError), 2 a usage error, 3 an internal error, or what
// the command returns (128 + a signal's number when a signal stopped it).
int runCommandLine(const ProgramSpec& program, int argc, char** argv);

} // namespace rs::cli
