#pragma once

#include <filesystem>
#include <string>

namespace rs {

// Writes to PATH.tmp, flushes, then renames over PATH: readers see the old or the new
// file, never a half-written one. Throws UserError (naming the path) on failure.
void writeFileAtomic(const std::filesystem::path& path, const std::string& content);
// Appends one line and flushes; a crash can tear only the last line.
void appendLine(const std::filesystem::path& path, const std::string& line);
std::string readFile(const std::filesystem::path& path);

} // namespace rs
