#pragma once

#include <filesystem>
#include <string>

namespace rs {

// A temporary name beside PATH that no other writer uses (host, pid and a per-process counter),
// so writers of one file in several processes, threads or nodes never share a temporary file.
std::filesystem::path uniqueTempPath(const std::filesystem::path& path);
// Removes, under `dir`, the temporary files of writers on this host that no longer run (killed
// mid-write); returns how many. Other hosts' files are left alone: their pids mean nothing here.
int removeStaleTempFiles(const std::filesystem::path& dir);
// Writes to uniqueTempPath(PATH), flushes, then renames over PATH: readers see the old or the
// new file, never a half-written one, and of two writers the last rename wins whole. Throws
// UserError (naming the path) on failure.
void writeFileAtomic(const std::filesystem::path& path, const std::string& content);
// Appends one line and flushes; a crash can tear only the last line.
void appendLine(const std::filesystem::path& path, const std::string& line);
std::string readFile(const std::filesystem::path& path);
// A new file in the system temp folder that only this process can have opened (mkstemp: a
// fresh name, created exclusively, mode 0600, never an existing file or a planted link),
// holding `content`; removed when this object dies.
class PrivateTempFile {
  public:
    PrivateTempFile(const std::string& prefix, const std::string& content);
    ~PrivateTempFile();
    PrivateTempFile(const PrivateTempFile&) = delete;
    PrivateTempFile& operator=(const PrivateTempFile&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};
// Creates the folder and its parents; a UserError names the path and why (a file in the way,
// no permission, disk full).
void createFolder(const std::filesystem::path& dir);

} // namespace rs
