#include "app/cli/commands.h"

#include <atomic>
#include <csignal>

namespace rs::cli {

namespace {

std::atomic<bool> g_cancel{false};
std::atomic<int> g_signal{0};

// The first signal asks the command to stop at its next safe point; a second one (an impatient
// user, or a stop that hangs) ends the process at once, as without a handler.
void onSignal(int sig) {
    if (g_cancel.load()) {
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
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

void installRequeueHandler() {
    std::signal(SIGUSR1, onSignal);
}

} // namespace rs::cli
