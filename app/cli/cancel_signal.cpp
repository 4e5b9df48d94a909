#include "app/cli/commands.h"

#include <atomic>
#include <csignal>
#include <cstdint>
#include <ctime>

namespace rs::cli {

namespace {

std::atomic<bool> g_cancel{false};
std::atomic<int> g_signal{0};
std::atomic<int64_t> g_first_ns{0};

// clock_gettime is async-signal-safe; std::chrono makes no such promise.
int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// The first signal asks the command to stop at its next safe point; a second one at least 2 s
// later (an impatient user, or a stop that hangs) ends the process at once, as without a handler.
// Closer repeats are one request delivered twice: Slurm signals every process of a job while
// the batch script forwards the same signal to its task.
void onSignal(int sig) {
    const int64_t now = monotonicNs();
    if (g_cancel.load()) {
        if (now - g_first_ns.load() >= 2'000'000'000) {
            std::signal(sig, SIG_DFL);
            std::raise(sig);
        }
        return;
    }
    g_first_ns.store(now);
    g_signal.store(sig);
    g_cancel.store(true);
}

void installCancelHandler() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
        std::signal(sig, onSignal);
    }
}

} // namespace

// Commands that poll the flag ask for it before their long work; the others keep the default
// signal actions, so Ctrl-C ends them at once (their files are written atomically).
const std::atomic<bool>& cancelFlag() {
    static const bool installed = (installCancelHandler(), true);
    (void)installed;
    return g_cancel;
}

int cancelSignal() {
    return g_signal.load();
}

int cancelledExitCode() {
    const int sig = cancelSignal();
    return 128 + (sig > 0 ? sig : SIGINT);
}

void installRequeueHandler() {
    std::signal(SIGUSR1, onSignal);
}

} // namespace rs::cli
