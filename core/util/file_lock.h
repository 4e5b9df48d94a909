#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace rs {

// An exclusive lock on a lock file (flock; on NFS the Linux client maps it to a POSIX lock the
// server arbitrates, so it holds across nodes). The holder writes who it is into the file —
// host, pid, what it does, since when — so a process that waits or gives up can name it.
// Released when the object dies, and by the kernel when the process dies (no stale locks).
class FileLock {
  public:
    // Takes the lock if free; nullopt when another process (or another FileLock) holds it.
    static std::optional<FileLock> tryAcquire(const std::filesystem::path& file,
                                              const std::string& purpose);
    // Waits up to `timeout` for it; UserError naming the holder when it is not freed in time.
    static FileLock acquire(const std::filesystem::path& file, const std::string& purpose,
                            std::chrono::milliseconds timeout);
    // Who holds (or last held) the lock, as its holder wrote it; "" when unknown.
    static std::string holder(const std::filesystem::path& file);
    // True when the (last) holder is a process on this host that no longer exists; false when
    // it lives, is on another host, or is unknown. A process killed with SIGKILL cannot say it
    // stopped; this is how its end is seen.
    static bool holderGone(const std::filesystem::path& file);

    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

  private:
    explicit FileLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

} // namespace rs
