#pragma once

#include "core/config/run_config.h"
#include "core/train/run_scheduler.h"
#include "core/train/trainer.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace rs {

struct MatrixRunOptions {
    int parallel = 1;                          // runs at once
    const std::atomic<bool>* cancel = nullptr; // stops every run at its next step
    bool console_log = false;
    bool probe = true;
    // One observer per run, created on the thread that trains it (may return nullptr).
    std::function<std::unique_ptr<TrainObserver>(size_t index)> observer;
};

struct MatrixRunSummary {
    int done = 0, cancelled = 0, failed = 0;
    double wall_s = 0.0;
    int64_t tokens_trained = 0;       // by this call (resumed runs count only what they added)
    std::vector<TrainResult> results; // in job order
};

// Trains the jobs, `parallel` at a time, in job order, through the RunScheduler, and waits for
// them; `cancel` (polled every 50 ms) stops every run at its next step.
MatrixRunSummary runMatrix(const std::vector<MatrixJob>& jobs, const MatrixRunOptions& options);

// Runs at once by default: on the CPU one per core (each run's thread count adapts; measured by
// `rankscope-cli bench --matrix`), on a GPU one.
int defaultParallelRuns(const RunConfig& cfg, size_t runs);

} // namespace rs
