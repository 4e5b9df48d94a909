#include "core/train/adaptive_threads.h"
#include "core/util/log.h"

#include <torch/torch.h>

namespace rs {

AdaptiveThreads::AdaptiveThreads(const CoreSeat& seat, const Runtime& rt, RunDir& rd,
                                 spdlog::logger& log)
    : seat_(seat), rd_(rd), log_(log), threads_(rt.threads) {
    if (rt.adaptive_threads) { // the first step applies any change of the share since
        governor_.emplace(rt.threads, rt.threads);
    }
}

void AdaptiveThreads::afterStep(int64_t step, int64_t tokens, double seconds) {
    if (!governor_) {
        return;
    }
    auto change = governor_->setAllowance(seat_.allowance());
    if (!change) {
        change = governor_->record(seconds);
    }
    if (change) {
        torch::set_num_threads(change->to); // this thread's OpenMP team from the next step
        threads_ = change->to;
        ++changes_;
        log_.info("threads {} -> {} at step {}: {}", change->from, change->to, step,
                  change->reason);
        rd_.appendMetric(ThreadsRecord{step, tokens, change->from, change->to, change->reason});
    }
}

} // namespace rs
