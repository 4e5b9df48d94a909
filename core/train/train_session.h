#pragma once

// The stages of one Trainer::run (internal to core/train): trainer.cpp makes a TrainSession and
// runs it; train_session_setup.cpp opens the run, train_session.cpp trains and finishes it.

#include "core/model/transformer.h"
#include "core/optim/optimizer_set.h"
#include "core/store/locks.h"
#include "core/train/batcher.h"
#include "core/train/marks.h"
#include "core/train/trainer.h"
#include "core/util/log.h"
#include "core/util/system_info.h"

#include <chrono>
#include <memory>
#include <optional>

namespace rs {

class AdaptiveThreads;

// One call of Trainer::run: opens the data and the model, finds the resume point, trains to
// the budget with a checkpoint, validation loss and probe at every mark, and records how it
// ended. Each stage is a method; the members are what the stages share.
class TrainSession {
  public:
    using Clock = std::chrono::steady_clock;

    TrainSession(const RunConfig& cfg, const std::filesystem::path& dir, const TrainOptions& opt)
        : cfg_(cfg), dir_(dir), opt_(opt), rd_(dir), seat_(opt.cores, int(availableCores())),
          tps_(cfg.train.tokensPerStep()), total_steps_(cfg.train.totalSteps()) {
        status_.token_budget = total_steps_ * tps_;
    }
    TrainResult run();

  private:
    void setUp();
    // One process trains a run at a time (two matrix commands, a requeued cluster task beside a
    // late one): the second leaves every file to the first.
    void lockRun();
    // --force: another run's files (or unreadable ones) go to a sibling folder, not away.
    void setAsideOtherRun();
    void openDataAndModel();
    // run.json of an earlier session of this directory, read once (null when there is none);
    // as it stands, since a foreign run's config need not parse.
    Json readPreviousRun();
    // The directory holds another run: report, never overwrite its files.
    void refuseForeignRun(const Json& prev);
    // The step to start from: the newest of resume.pt and the mark checkpoints, else 0.
    int64_t resumePoint(const Json& prev);
    std::filesystem::path resumeSource() const;
    // run.json (the first session's start time survives resumes) and status "running".
    void startSession(int64_t start_step);
    // A mark: checkpoint, validation loss, probe, status.
    void checkpoint(int64_t step);
    // One optimizer step; returns its loss (non-finite: the step was not applied).
    double trainStep(int64_t step, AdaptiveThreads& threads);
    // Throughput over a sliding window that restarts after each mark (evaluation is not
    // training), the train record every log_every steps, and the observer.
    void recordStep(int64_t step, double lv, const AdaptiveThreads& threads);
    TrainResult stopAt(int64_t step, RunState state, const std::string& message);
    // No checkpoint is written from non-finite weights, so the last one before `step` is good.
    TrainResult diverged(int64_t step, const std::string& what);
    TrainResult train(int64_t start_step);
    // status.json, the session's "end" record (a run's wall time is the sum over its
    // sessions), the log and the observer.
    TrainResult finish(RunState state, const std::string& message);

    RunConfig cfg_;
    const std::filesystem::path& dir_;
    const TrainOptions& opt_;
    RunDir rd_;
    const CoreSeat seat_;
    const int64_t tps_, total_steps_;
    const Clock::time_point t_start_ = Clock::now();
    TrainResult result_;
    RunStatus status_;
    std::shared_ptr<spdlog::logger> log_;
    bool foreign_ = false;  // the folder belongs to another run or process: write nothing
    bool resumed_ = false;  // the model and optimizer came from a saved state
    bool was_done_ = false; // status.json said "done" when this session began: never downgraded
    std::optional<FileLock> run_lock_;
    int64_t first_step_ = -1; // set once the resume point is known
    Runtime rt_;
    RunData data_;
    std::optional<Batcher> batcher_;
    torch::Device device_{torch::kCPU};
    Transformer model_{nullptr};
    std::optional<OptimizerSet> optim_;
    std::vector<int64_t> marks_;
    Json prev_;
    MarkInputs mark_in_;
    size_t next_mark_ = 0;
    double loss_since_mark_ = 0.0;
    int64_t steps_since_mark_ = 0;
    Clock::time_point t_window_;
    int64_t tokens_window_ = 0;
    double tokens_per_s_ = 0.0;
};

} // namespace rs
