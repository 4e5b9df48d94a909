#include "app/cli/args.h"
#include "core/store/run_layout.h"
#include "core/util/files.h"
#include "app/cli/commands.h"
#include "app/cli/matrix_request.h"
#include "app/cli/progress_bar.h"
#include "app/cli/run_overrides.h"
#include "core/config/run_config.h"
#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/store/experiment_plan.h"
#include "core/train/matrix_runner.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace rs::cli {

namespace {

// The cells by name with what each tests, for --help and the man page.
std::string matrixDetails() {
    std::string cells, controls;
    for (const auto& c : matrixCells()) {
        (c.in_default ? cells : controls) += "  " + c.cell + "  " + c.description + "\n";
    }
    return "Trains cells of the run matrix for N seeds each into DIR/<cell>-s<seed>/,\n"
           "--parallel runs at once (default: one per CPU core, one on a GPU; runs at\n"
           "once share the cores, and each run's thread count follows its share and\n"
           "the machine's load). Interrupted runs resume when the same command is given\n"
           "again. Data: the prepared corpora in --data (default DIR/data), prepared on\n"
           "first use with the preset's vocabulary; --synthetic trains on the seeded\n"
           "synthetic language instead (offline; without C3 and C4).\n\n"
           "Cells trained by default:\n" +
           cells + "\nControls, trained when named in --cells:\n" + controls;
}

// Prepared corpora in --data (default OUT/data), prepared on first use; the runs read them.
void usePreparedData(RunConfig& base, const Args& args, const std::filesystem::path& out) {
    const std::filesystem::path data = args.get("data", ExperimentLayout(out).dataDir().string());
    if (!experimentDataReady(data, base.model.vocab_size)) {
        PrepareOptions opt;
        opt.out_dir = data;
        opt.cache_dir = args.get("cache", defaultCacheDir().string());
        opt.vocab_size = int(base.model.vocab_size);
        prepareWithProgress(opt);
    }
    base.data.source = DataSource::Prepared;
    base.data.dir = std::filesystem::absolute(data).string();
}

MatrixRunOptions runOptions(const Args& args, const RunConfig& base,
                            const std::vector<RunConfig>& runs) {
    MatrixRunOptions opt;
    opt.parallel = int(args.getInt("parallel", defaultParallelRuns(base, runs.size())));
    if (opt.parallel < 1) {
        throw UserError("--parallel must be at least 1");
    }
    opt.cancel = &cancelFlag();
    opt.console_log = args.flag("verbose");
    const int parallel = opt.parallel;
    opt.observer = [&runs, parallel](size_t i) -> std::unique_ptr<TrainObserver> {
        char prefix[32];
        std::snprintf(prefix, sizeof prefix, "[%zu/%zu] ", i + 1, runs.size());
        return std::make_unique<ProgressBar>(prefix + runs[i].runName(), parallel == 1);
    };
    return opt;
}

int cmdMatrix(const Args& args) {
    auto request = readMatrixRequest(args);
    const std::filesystem::path out = args.required("out");
    createFolder(out);
    if (!request.synthetic) {
        usePreparedData(request.base, args, out);
    }
    const auto runs = request.runs();
    writeExperimentPlan(out, request.preset, runs);
    std::vector<MatrixJob> jobs;
    for (const auto& cfg : runs) {
        jobs.push_back({cfg, out / cfg.runName()});
    }
    const auto opt = runOptions(args, request.base, runs);
    std::printf("%zu runs, %d at once\n", runs.size(), std::min<int>(opt.parallel, runs.size()));
    std::fflush(stdout);
    const auto summary = runMatrix(jobs, opt);
    if (summary.cancelled > 0 && cancelFlag().load()) {
        std::fprintf(stderr, "matrix interrupted; run the same command again to resume\n");
        return cancelledExitCode();
    }
    std::printf(
        "matrix done: %zu runs in %s, %d not finished, %s, %s tokens/s over all runs\n",
        runs.size(), out.c_str(), summary.failed + summary.cancelled,
        formatDuration(summary.wall_s).c_str(),
        formatCount(summary.wall_s > 0 ? double(summary.tokens_trained) / summary.wall_s : 0.0)
            .c_str());
    return summary.failed + summary.cancelled == 0 ? 0 : 1;
}

} // namespace

CommandSpec matrixCommand() {
    CommandSpec c;
    c.name = "matrix";
    c.summary = "train the factorial run matrix (A1..C4) of a preset";
    c.options = {requiredOption("out", "DIR", "the experiment folder"),
                 valueOption("data", "DIR",
                             "prepared corpora (default: DIR/data, prepared on "
                             "first use)"),
                 valueOption("cache", "DIR",
                             "where fetched sources are kept (default: "
                             "~/.cache/rankscope)"),
                 valueOption("parallel", "N", "runs trained at once")};
    for (auto& o : matrixRequestOptions()) {
        c.options.push_back(o);
    }
    c.details = matrixDetails();
    c.run = cmdMatrix;
    return c;
}

} // namespace rs::cli
