#pragma once

#include "app/cli/command_spec.h"

#include <string>

namespace rs::cli {

// The man page (roff, section 1) of the program: every command with its options and details.
std::string manPage(const ProgramSpec& program);

} // namespace rs::cli
