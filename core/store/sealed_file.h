#pragma once

#include <filesystem>
#include <string>

namespace rs {

// Files whose bytes are checked when read (checkpoints, probe arrays and summaries): a SHA-256
// recorded beside them ("<file>.sha256") when written. Disks and copies flip bits, and LibTorch's
// reader ignores the zip CRCs, so a damaged checkpoint would otherwise load as a different model.
//
// A seal, when present, always matches its file: writing removes the old seal, renames the new
// file into place, then writes the new seal. A kill between the steps leaves a whole file without
// a seal, which reads unverified, as do files written before seals existed.
std::filesystem::path sealPath(const std::filesystem::path& file);
void writeSealed(const std::filesystem::path& path, const std::string& bytes);
// The file's bytes; UserError naming the file when it cannot be read or differs from its seal.
std::string readSealed(const std::filesystem::path& path);
// Removes a file and its seal (no error when absent).
void removeSealed(const std::filesystem::path& path);

} // namespace rs
