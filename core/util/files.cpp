#include "core/util/files.h"
#include "core/util/error.h"
#include "core/util/system_info.h"

#include <algorithm>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <csignal>
#include <cstdlib>
#include <unistd.h>

namespace rs {

namespace {
std::string ioError(const std::string& what, const std::filesystem::path& p) {
    std::string reason = std::strerror(errno);
    std::string fix = errno == ENOSPC || errno == EDQUOT
                          ? " (disk full: free space, then give the same command again to resume)"
                          : "";
    return what + " '" + p.string() + "': " + reason + fix;
}
} // namespace

namespace {

// This host's name as temporary file names carry it (no '/', '.' or '-'; at most 63 chars).
std::string hostTag() {
    std::string host = hostName().substr(0, 63);
    std::replace_if(
        host.begin(), host.end(), [](char c) { return c == '/' || c == '.' || c == '-'; }, '_');
    return host;
}

} // namespace

std::filesystem::path uniqueTempPath(const std::filesystem::path& path) {
    static std::atomic<unsigned> counter{0};
    auto tmp = path;
    tmp += ".tmp-" + hostTag() + "-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter.fetch_add(1));
    return tmp;
}

int removeStaleTempFiles(const std::filesystem::path& dir) {
    const std::string mark = ".tmp-" + hostTag() + "-";
    int removed = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto name = it->path().filename().string();
        const auto at = name.rfind(mark);
        if (at == std::string::npos) {
            continue;
        }
        const auto pid = name.substr(at + mark.size(), name.rfind('-') - at - mark.size());
        if (localProcessGone(pid)) {
            std::error_code rm;
            removed += std::filesystem::remove(it->path(), rm) ? 1 : 0;
        }
    }
    return removed;
}

void writeFileAtomic(const std::filesystem::path& path, const std::string& content) {
    const auto tmp = uniqueTempPath(path);
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        throw UserError(ioError("cannot write", path));
    }
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = std::fflush(f) == 0 && ok;
    ok = ::fsync(::fileno(f)) == 0 && ok;
    std::string err = ok ? "" : ioError("cannot write", path);
    std::fclose(f);
    if (!ok) {
        std::remove(tmp.c_str());
        throw UserError(err);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        throw UserError("cannot replace '" + path.string() + "': " + ec.message());
    }
}

void appendLine(const std::filesystem::path& path, const std::string& line) {
    std::FILE* f = std::fopen(path.c_str(), "a+b");
    if (!f) {
        throw UserError(ioError("cannot append to", path));
    }
    // A writer killed mid-line left a torn last line: end it, so this record stays whole.
    bool ok = true;
    if (std::fseek(f, -1, SEEK_END) == 0 && std::fgetc(f) != '\n') {
        ok = std::fputc('\n', f) != EOF;
    }
    ok = std::fwrite(line.data(), 1, line.size(), f) == line.size() && ok;
    ok = std::fputc('\n', f) != EOF && ok;
    ok = std::fflush(f) == 0 && ok;
    std::string err = ok ? "" : ioError("cannot append to", path);
    std::fclose(f);
    if (!ok) {
        throw UserError(err);
    }
}

std::string readFile(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw UserError("'" + path.string() + "' is a folder; give the file in it");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UserError("cannot read '" + path.string() + "': " + std::strerror(errno));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

PrivateTempFile::PrivateTempFile(const std::string& prefix, const std::string& content) {
    std::string name = (std::filesystem::temp_directory_path() / (prefix + ".XXXXXX")).string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        throw UserError("cannot create a temporary file in '" +
                        std::filesystem::temp_directory_path().string() +
                        "': " + std::strerror(errno) + "; set TMPDIR to a writable folder");
    }
    path_ = name;
    size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n <= 0 && errno != EINTR) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            std::filesystem::remove(path_);
            throw UserError("cannot write '" + name + "': " + why);
        }
        done += n > 0 ? size_t(n) : 0;
    }
    ::close(fd);
}

PrivateTempFile::~PrivateTempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

void createFolder(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!ec && std::filesystem::is_directory(dir, ec)) {
        return;
    }
    for (auto p = dir; !p.empty() && p != p.parent_path(); p = p.parent_path()) {
        if (std::filesystem::exists(p, ec) && !std::filesystem::is_directory(p, ec)) {
            throw UserError("cannot create folder '" + dir.string() + "': '" + p.string() +
                            "' is a file; choose another path");
        }
    }
    throw UserError("cannot create folder '" + dir.string() +
                    "': " + (ec ? ec.message() : std::string("unknown reason")));
}

} // namespace rs
