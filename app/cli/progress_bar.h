#pragma once

#include "core/train/observer.h"

#include <chrono>
#include <string>

namespace rs::cli {

// Terminal progress for one run: a redrawn bar on a TTY, a line every 10% otherwise (logs, CI,
// and runs trained side by side, whose bars would overwrite each other).
class ProgressBar : public TrainObserver {
  public:
    explicit ProgressBar(std::string label, bool redraw = true);
    void onProgress(const TrainProgress& p) override;
    void onCheckpoint(const CheckpointEvent& e) override;
    void onFinish(RunState state, const std::string& message) override;

  private:
    std::string label_;
    bool tty_;
    int last_decile_ = -1;
    std::chrono::steady_clock::time_point last_draw_{};
};

std::string formatDuration(double seconds);
std::string formatCount(double n);

} // namespace rs::cli
