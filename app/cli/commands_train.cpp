#include "cli/args.h"
#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "config/run_config.h"
#include "data/experiment_data.h"
#include "data/sources.h"
#include "store/experiment_plan.h"
#include "train/matrix_runner.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/files.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace rs::cli {

namespace {

std::atomic<bool> g_cancel{false};

void onSignal(int) {
    g_cancel.store(true);
}

const std::vector<std::string> kOverrideKeys = {
    "threads", "precision", "device", "budget", "muon-grouping", "qk-gamma", "orthogonalization"};

const char* kOverrideHelp = R"(  --threads N        CPU threads (default: all cores)
  --precision P      auto | bf16 | fp32 (auto: bf16 autocast where the CPU supports it)
  --device D         auto | cpu | cuda
  --budget TOKENS    token budget (the checkpoint schedule scales with it)
  --muon-grouping G  fused_qkvo (the reference: a layer's Q, K, V, O orthogonalized as one
                     stacked matrix) | separate (each matrix on its own)
  --qk-gamma G       shared (the reference: one QK-Norm gain for all heads) | per_head
  --orthogonalization O  polar_express (the reference) | quintic
  --verbose          also print the run log to the terminal
)";

void applyOverrides(RunConfig& cfg, const Args& args) {
    cfg.train.threads = int(args.getInt("threads", cfg.train.threads));
    cfg.train.precision = args.get("precision", cfg.train.precision);
    cfg.train.device = args.get("device", cfg.train.device);
    cfg.train.token_budget = args.getInt("budget", cfg.train.token_budget);
    cfg.train.muon.grouping = args.get("muon-grouping", cfg.train.muon.grouping);
    cfg.model.qk_norm_gamma = args.get("qk-gamma", cfg.model.qk_norm_gamma);
    cfg.train.muon.coefficients = args.get("orthogonalization", cfg.train.muon.coefficients);
}

std::vector<std::string> withOverrides(std::vector<std::string> keys) {
    keys.insert(keys.end(), kOverrideKeys.begin(), kOverrideKeys.end());
    return keys;
}

int exitCode(RunState s) {
    return s == RunState::Done ? 0 : s == RunState::Cancelled ? 130 : 1;
}

} // namespace

const std::atomic<bool>& cancelFlag() {
    return g_cancel;
}

void installCancelHandler() {
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

int cmdTrain(int argc, char** argv) {
    if (helpRequested(argc, argv, 2)) {
        std::printf("usage: rankscope-cli train (--config FILE | --preset NAME) --out DIR\n"
                    "                           [--cell NAME] [--seed N] [--no-resume]\n\n"
                    "Trains one run into DIR (run.json, status.json, metrics.jsonl, train.log,\n"
                    "checkpoints/). An existing DIR with the same config is resumed.\n\n%s",
                    kOverrideHelp);
        return 0;
    }
    Args args(argc, argv, 2, withOverrides({"config", "preset", "out", "cell", "seed"}),
              {"no-resume", "verbose"});
    RunConfig cfg;
    if (auto path = args.get("config")) {
        cfg = RunConfig::fromFile(*path);
    } else if (auto preset = args.get("preset")) {
        cfg = loadPreset(*preset);
    } else {
        throw UserError("give --config FILE or --preset NAME (see --help)");
    }
    cfg.cell = args.get("cell", cfg.cell);
    cfg.seed = uint64_t(args.getInt("seed", (long long)cfg.seed));
    applyOverrides(cfg, args);
    cfg.validate();
    const std::string out = args.required("out");
    ProgressBar bar(cfg.runName());
    TrainOptions opt;
    opt.observer = &bar;
    opt.cancel = &g_cancel;
    opt.console_log = args.flag("verbose");
    opt.resume = !args.flag("no-resume");
    auto result = Trainer(cfg, out, opt).run();
    return exitCode(result.state);
}

int cmdMatrix(int argc, char** argv) {
    if (helpRequested(argc, argv, 2)) {
        std::string cells, controls;
        for (const auto& c : matrixCells()) {
            (c.in_default ? cells : controls) += "  " + c.cell + "  " + c.description + "\n";
        }
        std::printf(
            "usage: rankscope-cli matrix --preset NAME --out DIR [--cells A1,A2,...]\n"
            "                            [--seeds N] [--first-seed N] [--parallel N]\n"
            "                            [--data DIR | --synthetic]\n\n"
            "Trains cells of the run matrix for N seeds each (default 4: the fewest with\n"
            "which the permutation test can reach p < 0.05) into DIR/<cell>-s<seed>/,\n"
            "--parallel runs at once (default: one per CPU core, one on a GPU; runs at\n"
            "once share the cores, and each run's thread count follows its share and\n"
            "the machine's load). Interrupted runs resume when the same command is given\n"
            "again. Data: the prepared corpora in --data (default DIR/data), prepared on\n"
            "first use with the preset's vocabulary; --synthetic trains on the seeded\n"
            "synthetic language instead (offline; without C3 and C4).\n\n"
            "Cells trained by default:\n%s\nControls, trained when named in --cells:\n%s\n%s",
            cells.c_str(), controls.c_str(), kOverrideHelp);
        return 0;
    }
    Args args(argc, argv, 2,
              withOverrides(
                  {"preset", "out", "cells", "seeds", "first-seed", "data", "cache", "parallel"}),
              {"verbose", "synthetic"});
    const std::string preset = args.get("preset", "quick");
    RunConfig base = loadPreset(preset);
    applyOverrides(base, args);
    const bool synthetic = args.flag("synthetic");
    auto cells = defaultMatrix(synthetic);
    if (auto wanted = args.get("cells")) {
        cells = chooseCells(splitList(*wanted));
    } else if (synthetic && cells.size() < defaultMatrix().size()) {
        std::printf("note: the within-genre cells (C3, C4) need prepared corpora and are left out "
                    "with --synthetic\n");
    }
    for (const auto& c : cells) {
        if (synthetic && c.needsPreparedData()) {
            throw UserError("cell " + c.cell + " trains on '" + c.data +
                            "', which only prepared corpora have; drop --synthetic or the cell");
        }
    }
    const long long seeds = args.getInt("seeds", kDefaultSeeds);
    const long long first_seed = args.getInt("first-seed", 0);
    if (seeds < 1) {
        throw UserError("--seeds must be at least 1");
    }
    const std::filesystem::path out = args.required("out");
    std::filesystem::create_directories(out);
    if (!synthetic) {
        const std::filesystem::path data = args.get("data", (out / "data").string());
        if (!experimentDataReady(data, base.model.vocab_size)) {
            PrepareOptions opt;
            opt.out_dir = data;
            opt.cache_dir = args.get("cache", defaultCacheDir().string());
            opt.vocab_size = int(base.model.vocab_size);
            prepareWithProgress(opt);
        }
        base.data.source = "prepared";
        base.data.dir = std::filesystem::absolute(data).string();
    }
    const auto runs = expandMatrix(base, cells, int(seeds), uint64_t(first_seed));
    writeExperimentPlan(out, preset, runs);
    std::vector<MatrixJob> jobs;
    for (const auto& cfg : runs) {
        jobs.push_back({cfg, out / cfg.runName()});
    }
    MatrixRunOptions opt;
    opt.parallel = int(args.getInt("parallel", defaultParallelRuns(base, runs.size())));
    if (opt.parallel < 1) {
        throw UserError("--parallel must be at least 1");
    }
    opt.cancel = &g_cancel;
    opt.console_log = args.flag("verbose");
    opt.observer = [&](size_t i) -> std::unique_ptr<TrainObserver> {
        char prefix[32];
        std::snprintf(prefix, sizeof prefix, "[%zu/%zu] ", i + 1, runs.size());
        return std::make_unique<ProgressBar>(prefix + runs[i].runName(), opt.parallel == 1);
    };
    std::printf("%zu runs, %d at once\n", runs.size(), std::min<int>(opt.parallel, runs.size()));
    std::fflush(stdout);
    const auto summary = runMatrix(jobs, opt);
    if (summary.cancelled > 0 && g_cancel.load()) {
        std::fprintf(stderr, "matrix interrupted; run the same command again to resume\n");
        return 130;
    }
    std::printf(
        "matrix done: %zu runs in %s, %d not finished, %s, %s tokens/s over all runs\n",
        runs.size(), out.c_str(), summary.failed + summary.cancelled,
        formatDuration(summary.wall_s).c_str(),
        formatCount(summary.wall_s > 0 ? double(summary.tokens_trained) / summary.wall_s : 0.0)
            .c_str());
    return summary.failed + summary.cancelled == 0 ? 0 : 1;
}

int cmdPreset(int argc, char** argv) {
    if (helpRequested(argc, argv, 2) || argc < 3) {
        std::printf("usage: rankscope-cli preset NAME   (test, quick, small, paper)\n");
        return argc < 3 ? 2 : 0;
    }
    RunConfig cfg = loadPreset(argv[2]);
    std::printf("%s\n", cfg.toJson().dump(2).c_str());
    return 0;
}

} // namespace rs::cli
