#include "core/train/thread_governor.h"

#include <algorithm>
#include <cstdio>

namespace rs {

CoreShare::CoreShare(int cores) : cores_(std::max(1, cores)) {}

int CoreShare::join() {
    std::lock_guard lock(mutex_);
    active_.push_back(next_ticket_);
    return next_ticket_++;
}

void CoreShare::leave(int ticket) {
    std::lock_guard lock(mutex_);
    active_.erase(std::remove(active_.begin(), active_.end(), ticket), active_.end());
}

int CoreShare::allowance(int ticket) const {
    std::lock_guard lock(mutex_);
    const auto it = std::find(active_.begin(), active_.end(), ticket);
    const int n = int(active_.size());
    if (it == active_.end() || n == 0) {
        return cores_;
    }
    const int rank = int(it - active_.begin());
    return std::max(1, cores_ / n + (rank < cores_ % n ? 1 : 0));
}

int CoreShare::active() const {
    std::lock_guard lock(mutex_);
    return int(active_.size());
}

CoreSeat::CoreSeat(std::shared_ptr<CoreShare> share, int alone)
    : share_(std::move(share)), alone_(std::max(1, alone)) {
    if (share_) {
        ticket_ = share_->join();
    }
}

CoreSeat::~CoreSeat() {
    if (share_) {
        share_->leave(ticket_);
    }
}

int CoreSeat::allowance() const {
    return share_ ? share_->allowance(ticket_) : alone_;
}

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string stepText(int threads, double seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d-thread step %.0f ms", threads, seconds * 1e3);
    return buf;
}

} // namespace

ThreadGovernor::ThreadGovernor(int start, int allowance)
    : ThreadGovernor(start, allowance, Options{}) {}

ThreadGovernor::ThreadGovernor(int start, int allowance, Options options)
    : opt_(options), allowance_(std::max(1, allowance)), interval_(options.base_interval) {
    threads_ = std::clamp(start, 1, allowance_);
}

std::optional<ThreadChange> ThreadGovernor::moveTo(int to, int exploring_from, std::string reason) {
    ThreadChange c{threads_, to, std::move(reason)};
    threads_ = to;
    trying_from_ = exploring_from;
    window_.clear();
    settling_ = true;
    consecutive_ = false;
    since_try_ = 0;
    return c;
}

std::optional<ThreadChange> ThreadGovernor::setAllowance(int allowance) {
    allowance = std::max(1, allowance);
    if (allowance == allowance_) {
        return std::nullopt;
    }
    const int before = allowance_;
    allowance_ = allowance;
    if (threads_ > allowance_) {
        return moveTo(allowance_, 0,
                      "the run's share of the cores fell to " + std::to_string(allowance_));
    }
    if (allowance_ > before && threads_ < allowance_ && trying_from_ == 0) {
        return moveTo(threads_ + 1, threads_,
                      "the run's share of the cores rose to " + std::to_string(allowance_) +
                          ": trying one thread more");
    }
    return std::nullopt;
}

std::optional<ThreadChange> ThreadGovernor::record(double seconds) {
    ++since_try_;
    if (settling_) { // a new thread team starts up; that step says nothing
        settling_ = false;
        return std::nullopt;
    }
    window_.push_back(seconds);
    if (int(window_.size()) < opt_.window) {
        return std::nullopt;
    }
    const double m = median(window_);
    window_.clear();
    const auto prev = median_at_.find(threads_);
    const double previous = consecutive_ && prev != median_at_.end() ? prev->second : 0.0;
    median_at_[threads_] = m;
    consecutive_ = true; // a change made below clears it
    return trying_from_ > 0 ? concludeTry(m) : steady(m, previous);
}

// A tried count is kept only when clearly faster than the one it replaced.
std::optional<ThreadChange> ThreadGovernor::concludeTry(double m) {
    const int from = trying_from_;
    trying_from_ = 0;
    const auto it = median_at_.find(from);
    if (it == median_at_.end()) { // nothing measured there to compare with: keep the new count
        interval_ = opt_.base_interval;
        return std::nullopt;
    }
    const double before = it->second;
    if (m < before * (1.0 - opt_.margin)) {
        interval_ = opt_.base_interval;
        since_try_ = 0;
        return std::nullopt;
    }
    if (threads_ > from) {
        interval_ = std::min(2 * interval_, opt_.max_interval);
    }
    return moveTo(from, 0,
                  "back: " + stepText(threads_, m) + " is not faster than " +
                      stepText(from, before));
}

std::optional<ThreadChange> ThreadGovernor::steady(double m, double previous) {
    const int n = threads_;
    if (n > 1) {
        const auto below = median_at_.find(n - 1);
        if (below == median_at_.end()) {
            return moveTo(n - 1, n,
                          "measuring " + std::to_string(n - 1) +
                              " thread(s) once, for comparison with " + stepText(n, m));
        }
        if (m > below->second * (1.0 + opt_.margin)) {
            return moveTo(n - 1, n,
                          stepText(n, m) + " is slower than the last " +
                              stepText(n - 1, below->second) +
                              ": the cores are oversubscribed, trying one thread fewer");
        }
    }
    if (n < allowance_) {
        if (previous > 0.0 && m * opt_.speedup < previous) {
            interval_ = opt_.base_interval; // the machine became freer
            since_try_ = interval_;
        }
        if (since_try_ >= interval_) {
            return moveTo(n + 1, n, "trying one thread more (" + stepText(n, m) + ")");
        }
    }
    return std::nullopt;
}

} // namespace rs
