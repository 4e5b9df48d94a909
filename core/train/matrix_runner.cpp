#include "core/train/matrix_runner.h"

#include "core/train/runtime.h"
#include "core/util/system_info.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

namespace rs {

MatrixRunSummary runMatrix(const std::vector<MatrixJob>& jobs, const MatrixRunOptions& options) {
    MatrixRunSummary summary;
    summary.results.resize(jobs.size());
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < jobs.size(); ++i) {
        index[jobs[i].cfg.runName()] = i;
        summary.results[i].state = RunState::Cancelled; // until it trains
    }
    std::mutex results;
    RunScheduler::Hooks hooks;
    if (options.observer) {
        hooks.observer = [&](const MatrixJob& j) {
            return options.observer(index.at(j.cfg.runName()));
        };
    }
    hooks.finished = [&](const MatrixJob& j, const TrainResult& r) {
        std::lock_guard lock(results);
        summary.results[index.at(j.cfg.runName())] = r;
    };
    const auto t0 = std::chrono::steady_clock::now();
    {
        const int n = std::clamp(options.parallel, 1, std::max(1, int(jobs.size())));
        RunScheduler scheduler(hooks, {n, options.console_log, options.probe});
        scheduler.hold(true); // all queued first: jobs start in order
        for (const auto& j : jobs) {
            scheduler.enqueue(j);
        }
        if (options.cancel && options.cancel->load()) {
            scheduler.cancelAll(); // cancelled before anything started: nothing trains
        }
        scheduler.hold(false);
        while (!scheduler.waitFor(50)) {
            if (options.cancel && options.cancel->load()) {
                scheduler.cancelAll();
            }
        }
    }
    summary.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (size_t i = 0; i < jobs.size(); ++i) {
        const auto& r = summary.results[i];
        summary.tokens_trained += int64_t(r.step_losses.size()) * jobs[i].cfg.train.tokensPerStep();
        summary.done += r.state == RunState::Done ? 1 : 0;
        summary.cancelled += r.state == RunState::Cancelled ? 1 : 0;
        summary.failed += (r.state != RunState::Done && r.state != RunState::Cancelled) ? 1 : 0;
    }
    return summary;
}

int defaultParallelRuns(const RunConfig& cfg, size_t runs) {
    const bool gpu =
        cfg.train.device == Device::Cuda || (cfg.train.device == Device::Auto && cudaAvailable());
    if (gpu) {
        return 1;
    }
    return std::clamp(int(availableCores()), 1, std::max(1, int(runs)));
}

} // namespace rs
