#pragma once

#include "app/cli/command_spec.h"

#include <string>

namespace rs::cli {

// A bash completion script for the program: its commands, their options, and option values
// (folders for a DIR, files for a FILE or PATH, the choices of a choice option).
std::string bashCompletion(const ProgramSpec& program);

} // namespace rs::cli
