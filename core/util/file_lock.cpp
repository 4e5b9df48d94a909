#include "core/util/file_lock.h"

#include "core/util/error.h"
#include "core/util/system_info.h"
#include "core/util/utc_time.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace rs {

namespace {

int openLockFile(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw UserError("cannot open the lock file '" + file.string() +
                        "': " + std::strerror(errno) + "; the folder must be writable");
    }
    return fd;
}

std::string describeSelf(const std::string& purpose) {
    return "process " + std::to_string(::getpid()) + " on " + hostName() + " (" + purpose +
           ", since " + utcNowIso() + ")";
}

void writeHolder(int fd, const std::string& text) {
    if (::ftruncate(fd, 0) == 0) {
        (void)!::pwrite(fd, text.data(), text.size(), 0);
    }
}

} // namespace

std::optional<FileLock> FileLock::tryAcquire(const std::filesystem::path& file,
                                             const std::string& purpose) {
    const int fd = openLockFile(file);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK || err == EINTR) {
            return std::nullopt;
        }
        throw UserError("cannot lock '" + file.string() + "': " + std::strerror(err));
    }
    writeHolder(fd, describeSelf(purpose) + "\n");
    return FileLock(fd);
}

FileLock FileLock::acquire(const std::filesystem::path& file, const std::string& purpose,
                           std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (auto lock = tryAcquire(file, purpose)) {
            return std::move(*lock);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            const auto who = holder(file);
            // Appended piece by piece: GCC 12 misreads a long operator+ chain here
            // (-Wstringop-overflow).
            std::string msg = "'";
            msg += file.string();
            msg += "' stayed locked for ";
            msg += std::to_string(timeout.count() / 1000);
            msg += " s by ";
            msg += who.empty() ? std::string("another process") : who;
            msg += "; wait for it to finish, or stop that process";
            throw UserError(msg);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::string FileLock::holder(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return "";
    }
    char buf[512];
    const ssize_t n = ::pread(fd, buf, sizeof buf, 0);
    ::close(fd);
    std::string s(buf, n > 0 ? size_t(n) : 0);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) {
        s.pop_back();
    }
    return s;
}

bool FileLock::holderGone(const std::filesystem::path& file) {
    const std::string h = holder(file), prefix = "process ";
    const auto at = h.find(" on " + hostName() + " (");
    return h.rfind(prefix, 0) == 0 && at != std::string::npos &&
           localProcessGone(std::string_view(h).substr(prefix.size(), at - prefix.size()));
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) {
    other.fd_ = -1;
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

FileLock::~FileLock() {
    if (fd_ >= 0) {
        ::close(fd_); // closing the last descriptor of the open file releases the flock
    }
}

} // namespace rs
