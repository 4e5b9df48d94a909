#include "app/cli/progress_bar.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace rs::cli {

std::string formatDuration(double s) {
    if (!std::isfinite(s) || s < 0) {
        return "--";
    }
    char buf[32];
    const long t = std::lround(s);
    if (t >= 3600) {
        std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
    } else {
        std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
    }
    return buf;
}

std::string formatCount(double n) {
    char buf[32];
    if (n >= 1e6) {
        std::snprintf(buf, sizeof buf, "%.2fM", n / 1e6);
    } else if (n >= 1e3) {
        std::snprintf(buf, sizeof buf, "%.1fk", n / 1e3);
    } else {
        std::snprintf(buf, sizeof buf, "%.0f", n);
    }
    return buf;
}

ProgressBar::ProgressBar(std::string label, bool redraw)
    : label_(std::move(label)), tty_(redraw && ::isatty(2)) {}

void ProgressBar::onProgress(const TrainProgress& p) {
    const double frac = p.token_budget > 0 ? double(p.tokens) / double(p.token_budget) : 0.0;
    const auto now = std::chrono::steady_clock::now();
    const int decile = int(frac * 10);
    if (tty_) {
        if (now - last_draw_ < std::chrono::milliseconds(100) && p.step != p.total_steps) {
            return;
        }
        last_draw_ = now;
        constexpr int kWidth = 30;
        std::string bar(size_t(frac * kWidth), '#');
        bar.resize(kWidth, '.');
        std::fprintf(stderr, "\r%s [%s] %3.0f%% %s/%s tok  loss %.4f  %s tok/s  ETA %s   ",
                     label_.c_str(), bar.c_str(), frac * 100, formatCount(double(p.tokens)).c_str(),
                     formatCount(double(p.token_budget)).c_str(), p.loss,
                     formatCount(p.tokens_per_s).c_str(), formatDuration(p.eta_s).c_str());
    } else if (decile != last_decile_) {
        last_decile_ = decile;
        std::fprintf(stderr,
                     "%s %3.0f%% %s/%s tokens, loss %.4f, %s tokens/s, %d thread%s, ETA %s\n",
                     label_.c_str(), frac * 100, formatCount(double(p.tokens)).c_str(),
                     formatCount(double(p.token_budget)).c_str(), p.loss,
                     formatCount(p.tokens_per_s).c_str(), p.threads, p.threads == 1 ? "" : "s",
                     formatDuration(p.eta_s).c_str());
    }
    std::fflush(stderr);
}

void ProgressBar::onCheckpoint(const CheckpointEvent& e) {
    std::fprintf(stderr, "%s%s checkpoint %s tokens: val loss %.4f\n", tty_ ? "\r\033[K" : "",
                 label_.c_str(), formatCount(double(e.tokens)).c_str(), e.val_loss);
}

void ProgressBar::onFinish(RunState state, const std::string& message) {
    std::fprintf(stderr, "%s%s %s: %s\n", tty_ ? "\r\033[K" : "", label_.c_str(),
                 toString(state).c_str(), message.c_str());
}

} // namespace rs::cli
