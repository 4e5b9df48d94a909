#pragma once

#include "core/config/run_config.h"
#include "core/train/observer.h"
#include "core/train/thread_governor.h"
#include "core/train/trainer.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rs {

// One run to train: its configuration and its folder.
struct MatrixJob {
    RunConfig cfg;
    std::filesystem::path dir;
};

// The one scheduler of training runs, for the command line's matrix and the workbench's queue
// alike: runs wait in order and train on worker threads, at most `parallel` at once, sharing
// the cores through one CoreShare (a run with train.threads = 0 adapts its threads to its
// share and to contention). Every method is thread-safe and returns at once, except wait().
class RunScheduler {
  public:
    struct Hooks {
        // One observer per run, created on the thread that trains it (may return nullptr).
        std::function<std::unique_ptr<TrainObserver>(const MatrixJob&)> observer;
        // Called on the run's worker thread.
        std::function<void(const MatrixJob&)> started;
        std::function<void(const MatrixJob&, const TrainResult&)> finished;
    };
    struct Options {
        int parallel = 1;
        bool console_log = false;
        bool probe = true;
    };
    RunScheduler(Hooks hooks, Options options);
    ~RunScheduler(); // cancels what is left and waits for every worker to save and exit
    RunScheduler(const RunScheduler&) = delete;
    RunScheduler& operator=(const RunScheduler&) = delete;

    // Queues the job unless a run of that name is queued or training; false if it was.
    bool enqueue(MatrixJob job);
    void setParallel(int n);
    int parallel() const;
    // While held, nothing new starts (the runs' data is being prepared).
    void hold(bool held);
    void cancel(const std::string& run); // queued: dropped; training: stops at the next step
    void cancelAll();
    // Drops the queue without touching what trains.
    void clearQueue();
    bool isActive(const std::string& run) const;
    bool isQueued(const std::string& run) const;
    int activeCount() const;
    int queuedCount() const;
    // Until nothing is queued or training (held and queued: until released). Sleeps.
    void wait();
    // The same, bounded; true when idle.
    bool waitFor(int milliseconds);

  private:
    struct Active {
        std::shared_ptr<std::atomic<bool>> cancel;
    };
    void startNextLocked();
    void reapLocked();
    void train(MatrixJob job, std::shared_ptr<std::atomic<bool>> cancel);
    bool idleLocked() const { return active_.empty() && (pending_.empty() || held_); }

    Hooks hooks_;
    Options options_;
    std::shared_ptr<CoreShare> cores_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<MatrixJob> pending_;
    std::map<std::string, Active> active_;
    std::vector<std::thread> threads_;  // workers not yet joined
    std::vector<std::thread::id> done_; // workers past their last use of this object
    bool held_ = false;
};

} // namespace rs
