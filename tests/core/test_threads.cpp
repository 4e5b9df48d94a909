#include "core/bench/matrix_bench.h"
#include "core/config/run_config.h"
#include "core/train/matrix_runner.h"
#include "core/train/thread_governor.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/json_fields.h"
#include "core/util/system_info.h"

#include "test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>
#include <vector>

namespace {

// A simulated 2-core machine: step seconds for a thread count, and whether something else is
// busy. One thread keeps its pace beside a busy process; two threads spin at barriers.
double stepSeconds(int threads, bool busy) {
    if (threads == 1) {
        return 0.18;
    }
    return busy ? 0.45 : 0.10;
}

struct Trace {
    std::vector<int> threads; // the count each step ran with
    int changes = 0;
};

Trace simulate(
    rs::ThreadGovernor& g, int steps, const std::function<bool(int)>& busy,
    const std::function<double(int)>& noise = [](int) { return 1.0; }) {
    Trace t;
    for (int s = 0; s < steps; ++s) {
        t.threads.push_back(g.threads());
        if (g.record(stepSeconds(g.threads(), busy(s)) * noise(s))) {
            ++t.changes;
        }
    }
    return t;
}

int countAt(const Trace& t, int from, int to, int threads) {
    return int(std::count(t.threads.begin() + from, t.threads.begin() + to, threads));
}

rs::TrainOptions quiet() {
    rs::TrainOptions o;
    o.console_log = false;
    o.probe = false;
    return o;
}

} // namespace

TEST(Threads, CoreShareDividesTheCoresAmongRunsAndGivesThemBack) {
    rs::CoreShare share(4);
    const int a = share.join();
    EXPECT_EQ(share.allowance(a), 4);
    const int b = share.join();
    const int c = share.join();
    EXPECT_EQ(share.allowance(a), 2); // 4 = 2 + 1 + 1, the remainder to the earliest
    EXPECT_EQ(share.allowance(b), 1);
    EXPECT_EQ(share.allowance(c), 1);
    share.leave(a);
    EXPECT_EQ(share.allowance(b), 2);
    EXPECT_EQ(share.allowance(c), 2);
    share.leave(b);
    EXPECT_EQ(share.allowance(c), 4);
    rs::CoreShare two(2);
    std::vector<int> t = {two.join(), two.join(), two.join()};
    for (int x : t) {
        EXPECT_EQ(two.allowance(x), 1) << "more runs than cores: one thread each, never zero";
    }
}

TEST(Threads, GovernorKeepsAllCoresOnAFreeMachineAfterOneComparison) {
    rs::ThreadGovernor g(2, 2);
    const auto t = simulate(g, 600, [](int) { return false; });
    EXPECT_EQ(g.threads(), 2);
    // One measurement at a single thread (a settling step and a window), never again.
    EXPECT_LE(countAt(t, 0, 600, 1), 7);
    EXPECT_EQ(t.changes, 2);
}

TEST(Threads, GovernorFallsWhenTheMachineIsBusyAndRisesWhenItIsFree) {
    rs::ThreadGovernor g(2, 2);
    auto busy = [](int s) { return s >= 100 && s < 700; };
    const auto t = simulate(g, 1200, busy);
    // Within 30 steps of the busy process starting, the run is down to one thread...
    EXPECT_EQ(countAt(t, 130, 700, 2) * 10 < 570, true) << "mostly at one thread while busy";
    EXPECT_EQ(t.threads[130], 1);
    // ...and back at two within the longest interval between tries after it ends.
    const int back =
        int(std::find(t.threads.begin() + 700, t.threads.end(), 2) - t.threads.begin());
    EXPECT_LE(back, 700 + rs::ThreadGovernor::Options{}.max_interval + 14);
    EXPECT_EQ(t.threads.back(), 2);
    // The cost of trying two threads while busy stays small: under 10 % of the busy steps.
    EXPECT_LT(countAt(t, 130, 700, 2), 57);
}

TEST(Threads, GovernorDoesNotOscillateOnNoise) {
    rs::ThreadGovernor g(2, 2);
    // +-5 % deterministic jitter on every step.
    auto noise = [](int s) { return 1.0 + 0.05 * std::sin(12.9898 * s); };
    const auto t = simulate(
        g, 2000, [](int) { return false; }, noise);
    EXPECT_EQ(g.threads(), 2);
    EXPECT_LE(t.changes, 2);
}

TEST(Threads, GovernorFollowsItsShareOfTheCores) {
    rs::ThreadGovernor g(2, 2);
    auto c = g.setAllowance(1);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->to, 1);
    EXPECT_EQ(g.threads(), 1);
    c = g.setAllowance(2); // a run beside it ended: try the freed core
    ASSERT_TRUE(c);
    EXPECT_EQ(c->to, 2);
    EXPECT_FALSE(g.setAllowance(2));
    // Without a measurement at one thread to compare with, the new count stays (one settling
    // step and one window).
    simulate(g, 7, [](int) { return false; });
    EXPECT_EQ(g.threads(), 2);
}

// A real run beside as many busy-looping threads as there are cores: its OpenMP team would
// wait at every barrier for a descheduled thread, so the trainer must drop to fewer threads.
TEST(Threads, TrainerLowersItsThreadsWhenTheCoresAreBusy) {
    const int cores = int(rs::availableCores());
    if (cores < 2) {
        GTEST_SKIP() << "needs two cores";
    }
    auto cfg = rs::loadPreset("test");
    cfg.cell = "A1";
    cfg.train.threads = 0; // adaptive
    const auto dir = rs::test::freshDir("threads-busy");
    std::atomic<bool> stop{false};
    std::vector<std::thread> spinners;
    for (int i = 0; i < cores; ++i) {
        spinners.emplace_back([&stop] {
            volatile unsigned long x = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                x = x + 1;
            }
        });
    }
    const auto r = rs::Trainer(cfg, dir, quiet()).run();
    stop = true;
    for (auto& t : spinners) {
        t.join();
    }
    ASSERT_EQ(r.state, rs::RunState::Done) << r.message;
    EXPECT_TRUE(r.runtime.adaptive_threads);
    const auto changes = rs::test::metricRecords(dir, "threads");
    ASSERT_FALSE(changes.empty()) << "no thread change recorded";
    EXPECT_EQ(r.thread_changes, int(changes.size()));
    EXPECT_EQ(r.final_threads, changes.back().value("to", 0));
    EXPECT_EQ(changes.front().value("from", 0), cores);
    EXPECT_LT(changes.front().value("to", 0), cores);
    EXPECT_FALSE(changes.front().value("reason", "").empty());
    // Whether fewer threads then win depends on how this machine's scheduler shares the cores
    // with the spinners (one CI VM measured 1 and 2 threads within the 8 % margin and went back
    // and forth); the governor's decisions on given step times are the simulated tests above.
    // What holds everywhere: every train record carries the count the changes put in effect
    // (a change at step s applies to the record at s), and each change is a real one.
    int fewer = 0, all = 0;
    for (const auto& rec : rs::test::metricRecords(dir, "train")) {
        const auto step = rec.value("step", int64_t{0});
        int expected = cores;
        for (const auto& c : changes) {
            if (c.value("step", int64_t{0}) <= step) {
                expected = c.value("to", 0);
            }
        }
        EXPECT_EQ(rec.value("threads", 0), expected) << "train record at step " << step;
        fewer += rec.value("threads", cores) < cores ? 1 : 0;
        ++all;
    }
    for (size_t i = 0; i < changes.size(); ++i) {
        EXPECT_NE(changes[i].value("from", 0), changes[i].value("to", 0));
        EXPECT_GE(changes[i].value("to", 0), 1);
        EXPECT_LE(changes[i].value("to", 0), cores);
        if (i > 0) {
            EXPECT_EQ(changes[i].value("from", 0), changes[i - 1].value("to", 0));
        }
    }
    std::cout << fewer << " of " << all << " train records below " << cores << " threads, "
              << changes.size() << " changes\n";
    std::ifstream log(dir / "train.log");
    const std::string text((std::istreambuf_iterator<char>(log)), {});
    EXPECT_NE(text.find("threads " + std::to_string(cores) + " -> "), std::string::npos);
}

// The thread count changes the order of floating-point sums, nothing else. Over the test
// preset's 80 steps every step's loss agrees within 0.01 nats and the final validation loss
// within 0.005 (measured on a 2-core AMD EPYC: fp32 0.0048 between 1 and 2 threads, 0.0043
// with adaptive threads, final 0.0003; bf16 identical).
TEST(Threads, LossCurveDoesNotDependOnTheThreadCount) {
    if (rs::availableCores() < 2) {
        GTEST_SKIP() << "needs two cores";
    }
    for (const auto precision : {rs::Precision::Fp32, rs::Precision::Bf16}) {
        auto cfg = rs::loadPreset("test");
        cfg.cell = "A1";
        cfg.train.precision = precision;
        cfg.train.threads = 1;
        const auto one = rs::Trainer(cfg, rs::test::freshDir("threads-1"), quiet()).run();
        cfg.train.threads = 2;
        const auto two = rs::Trainer(cfg, rs::test::freshDir("threads-2"), quiet()).run();
        cfg.train.threads = 0; // adaptive: changes its count during the run
        const auto ad = rs::Trainer(cfg, rs::test::freshDir("threads-adaptive"), quiet()).run();
        ASSERT_EQ(one.state, rs::RunState::Done) << one.message;
        ASSERT_EQ(two.state, rs::RunState::Done) << two.message;
        ASSERT_EQ(ad.state, rs::RunState::Done) << ad.message;
        ASSERT_EQ(one.step_losses.size(), two.step_losses.size());
        const double tol = 0.01;
        double worst = 0.0, worst_ad = 0.0;
        for (size_t i = 0; i < one.step_losses.size(); ++i) {
            worst = std::max(worst, std::abs(one.step_losses[i] - two.step_losses[i]));
            worst_ad = std::max(worst_ad, std::abs(one.step_losses[i] - ad.step_losses[i]));
        }
        std::printf("%s: max |loss(1 thread) - loss(2 threads)| = %.3g, adaptive %.3g\n",
                    rs::key(precision), worst, worst_ad);
        EXPECT_LE(worst, tol) << rs::key(precision);
        EXPECT_LE(worst_ad, tol) << rs::key(precision);
        EXPECT_NEAR(one.final_val_loss, two.final_val_loss, 0.005) << rs::key(precision);
    }
}

TEST(Threads, MatrixRunnerTrainsRunsAtOnceAsItWouldOneAfterAnother) {
    auto base = rs::loadPreset("test");
    base.train.token_budget = 8 * 64 * 20;
    base.train.precision = rs::Precision::Fp32;
    const auto configs = rs::expandMatrix(base, rs::chooseCells({"A1", "B1"}), 1);
    auto jobsIn = [&](const std::string& name) {
        std::vector<rs::MatrixJob> jobs;
        const auto root = rs::test::freshDir(name);
        for (const auto& c : configs) {
            jobs.push_back({c, root / c.runName()});
        }
        return jobs;
    };
    rs::MatrixRunOptions opt;
    opt.probe = false;
    opt.parallel = 1;
    const auto seq = rs::runMatrix(jobsIn("matrix-seq"), opt);
    opt.parallel = 2;
    std::atomic<int> observers{0};
    opt.observer = [&](size_t) -> std::unique_ptr<rs::TrainObserver> {
        ++observers;
        return std::make_unique<rs::TrainObserver>();
    };
    const auto par = rs::runMatrix(jobsIn("matrix-par"), opt);
    ASSERT_EQ(seq.done, 2);
    ASSERT_EQ(par.done, 2);
    EXPECT_EQ(observers.load(), 2);
    EXPECT_EQ(par.tokens_trained, 2 * base.train.token_budget);
    for (size_t i = 0; i < configs.size(); ++i) {
        ASSERT_EQ(seq.results[i].step_losses.size(), par.results[i].step_losses.size());
        for (size_t s = 0; s < seq.results[i].step_losses.size(); ++s) {
            // Thread counts differ (1 each at once, 2 alone): the tolerance of LossCurve... above.
            EXPECT_NEAR(seq.results[i].step_losses[s], par.results[i].step_losses[s], 0.01);
        }
    }
}

TEST(Threads, MatrixBenchNamesAnEmptyPhase) {
    rs::MatrixBenchOptions o;
    o.runs = 0;
    try {
        rs::benchMatrix(o);
        FAIL() << "no error";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("needs --runs >= 1 and --steps >= 1"),
                  std::string::npos)
            << e.what();
    }
}
