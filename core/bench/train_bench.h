#pragma once

#include "core/config/run_config.h"
#include "core/train/runtime.h"

#include <vector>

namespace rs {

struct TrainBenchResult {
    Runtime runtime;
    int64_t parameters = 0;
    int64_t tokens_per_step = 0;
    double median_step_ms = 0.0;
    double tokens_per_s = 0.0;
    // Share of one step spent in forward, backward and optimizer (median over steps).
    double forward_ms = 0.0, backward_ms = 0.0, optimizer_ms = 0.0;
};

// Times forward + backward + optimizer step on random tokens; median of `steps` after `warmup`.
TrainBenchResult benchmarkTraining(const RunConfig& cfg, int warmup, int steps);

} // namespace rs
