#include "core/util/process.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rs {

namespace {

// In the child: only async-signal-safe calls until exec.
[[noreturn]] void execChild(std::vector<char*>& args, const std::string& cwd, int out_fd,
                            int err_report_fd) {
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    const int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in >= 0) {
        ::dup2(null_in, STDIN_FILENO);
    }
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
        const int e = errno;
        (void)!::write(err_report_fd, &e, sizeof e);
        ::_exit(127);
    }
    ::execvp(args[0], args.data());
    const int e = errno;
    (void)!::write(err_report_fd, &e, sizeof e);
    ::_exit(127);
}

std::string readAll(int fd) {
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            out.append(buf, size_t(n));
        } else if (n == 0 || errno != EINTR) {
            return out;
        }
    }
}

} // namespace

ProcessResult runProcess(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
    ProcessResult r;
    if (argv.empty()) {
        r.output = "no program given";
        return r;
    }
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    int out[2], report[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(report, O_CLOEXEC) != 0) {
        r.output = std::string("cannot create a pipe: ") + std::strerror(errno);
        return r;
    }
    const std::string dir = cwd.string();
    const pid_t pid = ::fork();
    if (pid == 0) {
        execChild(args, dir, out[1], report[1]);
    }
    ::close(out[1]);
    ::close(report[1]);
    if (pid < 0) {
        r.output = std::string("cannot start ") + argv[0] + ": " + std::strerror(errno);
        ::close(out[0]);
        ::close(report[0]);
        return r;
    }
    r.output = readAll(out[0]);
    ::close(out[0]);
    int exec_errno = 0;
    const bool exec_failed = ::read(report[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno;
    ::close(report[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (exec_failed) {
        r.exit_code = 127;
        r.output = "cannot run " + argv[0] + (dir.empty() ? "" : " in '" + dir + "'") + ": " +
                   std::strerror(exec_errno);
    } else if (WIFEXITED(status)) {
        r.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        r.exit_code = 128 + WTERMSIG(status);
    }
    return r;
}

bool onPath(const std::string& program) {
    if (program.empty()) {
        return false;
    }
    if (program.find('/') != std::string::npos) {
        return ::access(program.c_str(), X_OK) == 0;
    }
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        const size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
        if (::access((dir + "/" + program).c_str(), X_OK) == 0) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

} // namespace rs
