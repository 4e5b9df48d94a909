#include "core/train/run_scheduler.h"

#include "core/util/system_info.h"

#include <algorithm>
#include <chrono>

namespace rs {

RunScheduler::RunScheduler(Hooks hooks, Options options)
    : hooks_(std::move(hooks)), options_(options),
      cores_(std::make_shared<CoreShare>(int(availableCores()))) {
    options_.parallel = std::max(1, options_.parallel);
}

RunScheduler::~RunScheduler() {
    cancelAll();
    std::vector<std::thread> threads;
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return active_.empty() && done_.size() == threads_.size(); });
        threads.swap(threads_);
    }
    for (auto& t : threads) {
        t.join();
    }
}

bool RunScheduler::enqueue(MatrixJob job) {
    std::lock_guard lock(mutex_);
    const auto name = job.cfg.runName();
    const bool queued = std::any_of(pending_.begin(), pending_.end(),
                                    [&](const MatrixJob& j) { return j.cfg.runName() == name; });
    if (queued || active_.count(name)) {
        return false;
    }
    pending_.push_back(std::move(job));
    startNextLocked();
    return true;
}

void RunScheduler::setParallel(int n) {
    std::lock_guard lock(mutex_);
    options_.parallel = std::max(1, n);
    startNextLocked();
}

int RunScheduler::parallel() const {
    std::lock_guard lock(mutex_);
    return options_.parallel;
}

void RunScheduler::hold(bool held) {
    std::lock_guard lock(mutex_);
    held_ = held;
    startNextLocked();
    changed_.notify_all();
}

void RunScheduler::cancel(const std::string& run) {
    std::lock_guard lock(mutex_);
    pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                  [&](const MatrixJob& j) { return j.cfg.runName() == run; }),
                   pending_.end());
    if (auto it = active_.find(run); it != active_.end()) {
        it->second.cancel->store(true);
    }
    changed_.notify_all();
}

void RunScheduler::cancelAll() {
    std::lock_guard lock(mutex_);
    pending_.clear();
    for (auto& [name, a] : active_) {
        a.cancel->store(true);
    }
    changed_.notify_all();
}

void RunScheduler::clearQueue() {
    std::lock_guard lock(mutex_);
    pending_.clear();
    changed_.notify_all();
}

bool RunScheduler::isActive(const std::string& run) const {
    std::lock_guard lock(mutex_);
    return active_.count(run) > 0;
}

bool RunScheduler::isQueued(const std::string& run) const {
    std::lock_guard lock(mutex_);
    return std::any_of(pending_.begin(), pending_.end(),
                       [&](const MatrixJob& j) { return j.cfg.runName() == run; });
}

int RunScheduler::activeCount() const {
    std::lock_guard lock(mutex_);
    return int(active_.size());
}

int RunScheduler::queuedCount() const {
    std::lock_guard lock(mutex_);
    return int(pending_.size());
}

void RunScheduler::wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return idleLocked(); });
}

bool RunScheduler::waitFor(int milliseconds) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(milliseconds),
                             [&] { return idleLocked(); });
}

void RunScheduler::startNextLocked() {
    reapLocked();
    while (!held_ && !pending_.empty() && int(active_.size()) < options_.parallel) {
        MatrixJob job = std::move(pending_.front());
        pending_.pop_front();
        auto cancel = std::make_shared<std::atomic<bool>>(false);
        active_[job.cfg.runName()] = {cancel};
        threads_.emplace_back(&RunScheduler::train, this, std::move(job), std::move(cancel));
    }
}

void RunScheduler::train(MatrixJob job, std::shared_ptr<std::atomic<bool>> cancel) {
    if (hooks_.started) {
        hooks_.started(job);
    }
    TrainResult result;
    try {
        std::unique_ptr<TrainObserver> observer = hooks_.observer ? hooks_.observer(job) : nullptr;
        TrainOptions opt;
        opt.observer = observer.get();
        opt.cancel = cancel.get();
        opt.console_log = options_.console_log;
        opt.probe = options_.probe;
        opt.cores = cores_;
        result = Trainer(job.cfg, job.dir, opt).run();
    } catch (const std::exception& e) {
        // The trainer reports user errors in its result; anything else still must not take
        // the other runs, or the application, down with it.
        result.state = RunState::Failed;
        result.message = e.what();
    }
    {
        std::lock_guard lock(mutex_);
        active_.erase(job.cfg.runName()); // no longer training when its end is announced
    }
    if (hooks_.finished) {
        hooks_.finished(job, result);
    }
    std::lock_guard lock(mutex_);
    done_.push_back(std::this_thread::get_id());
    startNextLocked();
    changed_.notify_all();
}

void RunScheduler::reapLocked() {
    // A worker listed in done_ has left its last critical section: joining it only waits for
    // its return. A worker never joins itself.
    for (auto id = done_.begin(); id != done_.end();) {
        auto t = std::find_if(threads_.begin(), threads_.end(),
                              [&](const std::thread& x) { return x.get_id() == *id; });
        if (*id == std::this_thread::get_id() || t == threads_.end()) {
            ++id;
            continue;
        }
        t->join();
        threads_.erase(t);
        id = done_.erase(id);
    }
}

} // namespace rs
