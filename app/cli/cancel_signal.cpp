#include "app/cli/commands.h"

#include <atomic>
#include <csignal>

namespace rs::cli {

namespace {

std::atomic<bool> g_cancel{false};

void onSignal(int) {
    g_cancel.store(true);
}

} // namespace

const std::atomic<bool>& cancelFlag() {
    return g_cancel;
}

void installCancelHandler() {
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

} // namespace rs::cli
