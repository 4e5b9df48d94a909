#pragma once

#include "core/store/run_dir.h"

#include <cstdint>
#include <limits>
#include <string>

namespace rs {

struct TrainProgress {
    int64_t step = 0, total_steps = 0;
    int64_t tokens = 0, token_budget = 0;
    double loss = 0.0;
    double tokens_per_s = 0.0;
    double eta_s = 0.0;
    int threads = 0; // CPU threads of the run now (adaptive runs change it)
};

struct CheckpointEvent {
    int64_t step = 0, tokens = 0;
    double val_loss = 0.0;
    double train_loss = 0.0; // mean over the steps since the previous mark (NaN at token 0)
    double mean_key_pr =
        std::numeric_limits<double>::quiet_NaN(); // mean participation ratio of K after QK-Norm
                                                  // (NaN if unprobed)
    std::string path;
};

// Progress reports from the trainer, called on the training thread. Implementations that
// drive a GUI must hand values over to their own thread (queued signals).
class TrainObserver {
  public:
    virtual ~TrainObserver() = default;
    virtual void onProgress(const TrainProgress&) {}
    virtual void onCheckpoint(const CheckpointEvent&) {}
    virtual void onFinish(RunState, const std::string& /*message*/) {}
};

} // namespace rs
