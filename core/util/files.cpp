#include "core/util/files.h"
#include "core/util/error.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace rs {

namespace {
std::string ioError(const std::string& what, const std::filesystem::path& p) {
    std::string reason = std::strerror(errno);
    std::string fix = errno == ENOSPC ? " (disk full: free space and resume the run)" : "";
    return what + " '" + p.string() + "': " + reason + fix;
}
} // namespace

std::filesystem::path uniqueTempPath(const std::filesystem::path& path) {
    static std::atomic<unsigned> counter{0};
    char host[64] = "host";
    ::gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    for (char* c = host; *c; ++c) {
        if (*c == '/' || *c == '.') {
            *c = '_';
        }
    }
    auto tmp = path;
    tmp += ".tmp-" + std::string(host) + "-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter.fetch_add(1));
    return tmp;
}

void writeFileAtomic(const std::filesystem::path& path, const std::string& content) {
    const auto tmp = uniqueTempPath(path);
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        throw UserError(ioError("cannot write", tmp));
    }
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = std::fflush(f) == 0 && ok;
    ok = ::fsync(::fileno(f)) == 0 && ok;
    std::string err = ok ? "" : ioError("cannot write", tmp);
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
    std::FILE* f = std::fopen(path.c_str(), "ab");
    if (!f) {
        throw UserError(ioError("cannot append to", path));
    }
    std::string l = line + "\n";
    bool ok = std::fwrite(l.data(), 1, l.size(), f) == l.size();
    ok = std::fflush(f) == 0 && ok;
    std::string err = ok ? "" : ioError("cannot append to", path);
    std::fclose(f);
    if (!ok) {
        throw UserError(err);
    }
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UserError("cannot read '" + path.string() + "': " + std::strerror(errno));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace rs
