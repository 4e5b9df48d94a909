#include "core/train/matrix_runner.h"

#include "core/train/runtime.h"
#include "core/util/system_info.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace rs {

MatrixRunSummary runMatrix(const std::vector<MatrixJob>& jobs, const MatrixRunOptions& options) {
    MatrixRunSummary summary;
    summary.results.resize(jobs.size());
    auto cores = std::make_shared<CoreShare>(int(availableCores()));
    std::atomic<size_t> next{0};
    const auto t0 = std::chrono::steady_clock::now();
    auto worker = [&] {
        for (size_t i = next++; i < jobs.size(); i = next++) {
            if (options.cancel && options.cancel->load()) {
                summary.results[i].state = RunState::Cancelled;
                continue;
            }
            std::unique_ptr<TrainObserver> observer =
                options.observer ? options.observer(i) : nullptr;
            TrainOptions opt;
            opt.observer = observer.get();
            opt.cancel = options.cancel;
            opt.console_log = options.console_log;
            opt.probe = options.probe;
            opt.cores = cores;
            summary.results[i] = Trainer(jobs[i].cfg, jobs[i].dir, opt).run();
        }
    };
    const int n = std::clamp(options.parallel, 1, std::max(1, int(jobs.size())));
    std::vector<std::thread> threads;
    for (int k = 1; k < n; ++k) {
        threads.emplace_back(worker);
    }
    worker();
    for (auto& t : threads) {
        t.join();
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
    const bool gpu = cfg.train.device == "cuda" || (cfg.train.device == "auto" && cudaAvailable());
    if (gpu) {
        return 1;
    }
    return std::clamp(int(availableCores()), 1, std::max(1, int(runs)));
}

} // namespace rs
