#pragma once

#include "core/config/run_config.h"
#include "core/train/observer.h"
#include "core/train/run_data.h"
#include "core/train/runtime.h"
#include "core/train/thread_governor.h"

#include <ATen/Tensor.h>

#include <atomic>
#include <filesystem>
#include <vector>

namespace rs {

struct TrainOptions {
    TrainObserver* observer = nullptr;
    const std::atomic<bool>* cancel = nullptr; // checked every step
    bool console_log = true;
    bool resume = true;                     // continue from the newest checkpoint when present
    bool replace_other = false;             // a folder holding another run: move its files aside
    int64_t fault_nan_weights_at_step = -1; // fault injection: NaN weights after this step
    int64_t stop_after_steps = -1;          // testing: behave as if cancelled at this step
    int64_t fault_nan_at_step = -1;         // fault injection: poison this step's loss with NaN
    bool probe = true;                      // spectral probe on the evaluation batch at every mark
    // The cores shared with runs trained beside this one in the same process (nullptr: alone).
    std::shared_ptr<CoreShare> cores;
};

struct TrainResult {
    RunState state = RunState::Failed;
    int64_t steps_done = 0;
    int64_t tokens_done = 0;
    std::string message;
    std::vector<double> step_losses; // losses of the steps run by this call, in order
    double final_val_loss = 0.0;
    double probe_seconds = 0.0; // total time spent in probes by this call
    int thread_changes = 0;     // adaptive thread changes made by this call
    int final_threads = 0;      // CPU threads at the end of this call
    Runtime runtime;
    std::filesystem::path set_aside; // where replace_other moved another run's files
};

// Trains one run into its run directory: checkpoints at the schedule's token marks, validation
// loss at each, train loss every log_every steps, status.json kept current. User errors (bad
// config, missing data, budget larger than the data, full disk) end the run as "failed" with
// the message; they are reported in the result, not thrown.
class Trainer {
  public:
    Trainer(RunConfig cfg, std::filesystem::path run_dir, TrainOptions options = {});
    TrainResult run();

  private:
    RunConfig cfg_;
    std::filesystem::path dir_;
    TrainOptions opt_;
};

} // namespace rs
