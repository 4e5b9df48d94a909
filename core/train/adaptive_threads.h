#pragma once

#include "core/store/run_dir.h"
#include "core/train/runtime.h"
#include "core/train/thread_governor.h"

#include <optional>

namespace spdlog {
class logger;
}

namespace rs {

// train.threads = 0 on the CPU: the thread count follows the machine between steps (see
// ThreadGovernor); each change goes to the run log and to metrics.jsonl.
class AdaptiveThreads {
  public:
    AdaptiveThreads(const CoreSeat& seat, const Runtime& rt, RunDir& rd, spdlog::logger& log);
    int threads() const { return threads_; }
    int changes() const { return changes_; }
    void afterStep(int64_t step, int64_t tokens, double seconds);

  private:
    const CoreSeat& seat_;
    RunDir& rd_;
    spdlog::logger& log_;
    int threads_;
    int changes_ = 0;
    std::optional<ThreadGovernor> governor_;
};

} // namespace rs
