#pragma once

#include <filesystem>

namespace rs::cli {

// This program's own path (/proc/self/exe); throws UserError when it cannot be read.
std::filesystem::path thisProgram();
// A file installed with the program: <prefix>/share/rankscope/<relative>, where <prefix> is the
// folder above the one holding this program (/usr for /usr/bin/rankscope-cli; the build folder
// puts its copies in the same place relative to its binaries). Empty when it is not there.
std::filesystem::path installedDataFile(const std::filesystem::path& relative);

} // namespace rs::cli
