#include "core/bench/matrix_bench.h"

#include "core/config/run_config.h"
#include "core/train/matrix_runner.h"
#include "core/util/error.h"
#include "core/util/system_info.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace rs {

namespace {

// A child process that spins on one core until destroyed: the "other busy process" of (c).
class BusyProcess {
  public:
    BusyProcess() {
        pid_ = ::fork();
        if (pid_ == 0) { // the child touches nothing shared: no locks, no allocation
            volatile unsigned long x = 0;
            for (;;) {
                x = x + 1;
            }
        }
        if (pid_ < 0) {
            throw UserError("could not start the busy-looping process for phase (c) (fork "
                            "failed); the machine may be out of processes");
        }
    }
    ~BusyProcess() {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    BusyProcess(const BusyProcess&) = delete;
    BusyProcess& operator=(const BusyProcess&) = delete;

  private:
    pid_t pid_ = -1;
};

MatrixBenchPhase runPhase(const std::vector<MatrixJob>& jobs, std::string label, int parallel,
                          bool busy) {
    for (const auto& j : jobs) {
        std::filesystem::remove_all(j.dir);
    }
    MatrixRunOptions opt;
    opt.parallel = parallel;
    opt.probe = false;
    MatrixRunSummary summary;
    {
        std::unique_ptr<BusyProcess> other = busy ? std::make_unique<BusyProcess>() : nullptr;
        summary = runMatrix(jobs, opt);
    }
    if (summary.done != int(jobs.size())) {
        for (const auto& r : summary.results) {
            if (r.state != RunState::Done) {
                throw UserError("benchmark run failed: " + r.message);
            }
        }
    }
    MatrixBenchPhase p;
    p.label = std::move(label);
    p.parallel = parallel;
    p.busy = busy;
    p.wall_s = summary.wall_s;
    p.tokens_per_s = summary.wall_s > 0 ? double(summary.tokens_trained) / summary.wall_s : 0.0;
    for (const auto& r : summary.results) {
        p.thread_changes += r.thread_changes;
        if (!p.final_threads.empty()) {
            p.final_threads += ' ';
        }
        p.final_threads += std::to_string(r.final_threads);
    }
    return p;
}

} // namespace

MatrixBenchResult benchMatrix(const MatrixBenchOptions& o,
                              const std::function<void(const MatrixBenchPhase&)>& onPhase) {
    if (o.runs < 1 || o.steps < 1) {
        throw UserError("bench --matrix needs --runs >= 1 and --steps >= 1");
    }
    RunConfig base = loadPreset(o.preset);
    base.data.source = DataSource::Synthetic;
    base.train.token_budget = o.steps * base.train.tokensPerStep();
    base.train.checkpoint_tokens = {base.train.token_budget};
    base.train.val_tokens = base.train.tokensPerStep();
    const auto scratch = std::filesystem::temp_directory_path() /
                         ("rankscope-bench-matrix-" + std::to_string(::getpid()));
    const auto cells = chooseCells({"A1"});
    const auto configs = expandMatrix(base, cells, o.runs);
    MatrixBenchResult result;
    result.tokens_per_run = base.train.token_budget;
    result.cores = int(availableCores());
    const int parallel = o.parallel > 0 ? o.parallel : defaultParallelRuns(base, configs.size());
    struct Spec {
        const char* label;
        int parallel;
        bool busy;
    };
    const Spec specs[] = {{"(a) one at a time, all cores", 1, false},
                          {"(b) runs at once", parallel, false},
                          {"(c) as (b), one busy process beside", parallel, true}};
    try {
        for (const auto& s : specs) {
            std::vector<MatrixJob> jobs;
            for (const auto& cfg : configs) {
                jobs.push_back({cfg, scratch / std::string(1, s.label[1]) / cfg.runName()});
            }
            result.phases.push_back(runPhase(jobs, s.label, s.parallel, s.busy));
            if (onPhase) {
                onPhase(result.phases.back());
            }
        }
    } catch (...) {
        std::filesystem::remove_all(scratch);
        throw;
    }
    std::filesystem::remove_all(scratch);
    return result;
}

} // namespace rs
