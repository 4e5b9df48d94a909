#include "app/cli/commands.h"

#include <atomic>
#include <csignal>

namespace rs::cli {

namespace {

std::atomic<bool> g_cancel{false};
std::atomic<int> g_signal{0};

void onSignal(int sig) {
    g_signal.store(sig);
    g_cancel.store(true);
}

} // namespace

const std::atomic<bool>& cancelFlag() {
    return g_cancel;
}

int cancelSignal() {
    return g_signal.load();
}

void installCancelHandler() {
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

void installRequeueHandler() {
    std::signal(SIGUSR1, onSignal);
}

} // namespace rs::cli
