#pragma once

#include "core/bench/op_profile.h"
#include "core/config/run_config.h"
#include "core/train/runtime.h"

#include <vector>

namespace rs {

struct TrainBenchResult {
    Runtime runtime;
    bool fused_ops = false; // the fused CPU operations (train.fused_ops) were on
    int64_t parameters = 0;
    int64_t tokens_per_step = 0;
    double median_step_ms = 0.0;
    double tokens_per_s = 0.0;
    // Share of one step spent in forward, backward and optimizer (median over steps).
    double forward_ms = 0.0, backward_ms = 0.0, optimizer_ms = 0.0;
    OpProfile profile; // with profile_steps > 0
    // A checkpoint's size with the weights only and with the optimizer state as well.
    int64_t weights_bytes = 0, full_state_bytes = 0;
};

// Times forward + backward + optimizer step on random tokens; median of `steps` after `warmup`;
// then `profile_steps` more under LibTorch's profiler (self time per operation).
TrainBenchResult benchmarkTraining(const RunConfig& cfg, int warmup, int steps,
                                   int profile_steps = 0);

} // namespace rs
