#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace rs {

// The cores one process gives the runs it trains side by side: each active run's allowance is
// an equal part (the remainder to the runs that joined first), so concurrent runs do not
// oversubscribe the CPU, and a run left alone grows into the cores the finished ones freed.
class CoreShare {
  public:
    explicit CoreShare(int cores);
    int cores() const { return cores_; }
    int join();                      // a run starts; returns its ticket
    void leave(int ticket);          // that run ended
    int allowance(int ticket) const; // its share now, >= 1
    int active() const;

  private:
    mutable std::mutex mutex_;
    int cores_;
    int next_ticket_ = 0;
    std::vector<int> active_; // tickets in joining order
};

// Membership of a CoreShare for one run's lifetime; without a share, the run has `alone` cores.
class CoreSeat {
  public:
    CoreSeat(std::shared_ptr<CoreShare> share, int alone);
    ~CoreSeat();
    CoreSeat(const CoreSeat&) = delete;
    CoreSeat& operator=(const CoreSeat&) = delete;
    int allowance() const;

  private:
    std::shared_ptr<CoreShare> share_;
    int ticket_ = -1;
    int alone_;
};

struct ThreadChange {
    int from = 0, to = 0;
    std::string reason; // for the run log: the step times that decided it
};

// Chooses a run's CPU thread count from its own step times. LibTorch's OpenMP threads spin at
// barriers, so a run with more threads than free cores slows several-fold while a run with fewer
// keeps its pace. The governor therefore compares medians of short windows of steps:
// - once at the start it measures one thread fewer, to know what a step costs there;
// - when a step at n threads becomes slower than the last one measured at n - 1, it tries n - 1
//   and keeps it if faster (the machine is busy), else returns;
// - below its allowance it tries one thread more now and then (less often after each failed
//   try), and at once when its steps speed up (the machine became free again).
// Pure logic: the trainer applies the change and feeds the times.
class ThreadGovernor {
  public:
    struct Options {
        int window = 6;         // steps per measurement (median), after one settling step
        int base_interval = 48; // steps between tries of one thread more
        int max_interval = 256; // the interval doubles after each failed try up to this
        double margin = 0.08;   // a count must be this much faster to be kept
        double speedup = 1.3;   // a window this much faster than the one just before it at the
                                // same count: the machine freed up
    };
    ThreadGovernor(int start, int allowance);
    ThreadGovernor(int start, int allowance, Options options);

    int threads() const { return threads_; }
    int allowance() const { return allowance_; }
    // The run's share of the cores changed (runs started or ended beside it).
    std::optional<ThreadChange> setAllowance(int allowance);
    // One training step took `seconds` at threads(); returns the change to apply, if any.
    std::optional<ThreadChange> record(double seconds);

  private:
    std::optional<ThreadChange> moveTo(int to, int exploring_from, std::string reason);
    std::optional<ThreadChange> concludeTry(double median);
    std::optional<ThreadChange> steady(double median, double previous);

    Options opt_;
    int threads_;
    int allowance_;
    bool settling_ = true; // the first step after a change is not measured
    std::vector<double> window_;
    std::map<int, double> median_at_; // latest window median per thread count
    int trying_from_ = 0;             // > 0: measuring a tried count; return here if not faster
    int interval_;
    int64_t since_try_ = 0;
    // The last window was measured at the current count with no change since: only then is its
    // median a fair "before" for spotting a freed machine (a median from before a failed try,
    // or the first window after a team change, is not).
    bool consecutive_ = false;
};

} // namespace rs
