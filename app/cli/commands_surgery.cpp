#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/config/run_config.h"
#include "core/store/run_dir.h"
#include "core/surgery/surgery.h"
#include "core/util/error.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

std::vector<int> intList(const std::string& s) {
    std::vector<int> out;
    for (const auto& item : splitList(s)) {
        try {
            out.push_back(std::stoi(item));
        } catch (const std::exception&) {
            throw UserError("expected a comma list of integers, got '" + s + "'");
        }
    }
    return out;
}

double msSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// Unpruned loss (subset and full) and what a single point costs: bases, subset, full, cached.
void printUnpruned(SurgerySession& session, const std::string& run, int64_t tokens,
                   double setup_ms) {
    auto t0 = std::chrono::steady_clock::now();
    auto sub = session.unpruned(true);
    const double subset_ms = msSince(t0);
    t0 = std::chrono::steady_clock::now();
    auto full = session.unpruned(false);
    const double full_ms = msSince(t0);
    t0 = std::chrono::steady_clock::now();
    session.unpruned(false);
    const double cached_ms = msSince(t0);
    std::printf("%s at %lld tokens: unpruned held-out loss %.4f (ppl %.2f, acc %.3f) on %lld "
                "test tokens; subset estimate %.4f on %lld\n",
                run.c_str(), (long long)tokens, full.loss, full.ppl, full.acc,
                (long long)full.tokens, sub.loss, (long long)sub.tokens);
    std::printf("timing: bases %.0f ms; one point: subset %.1f ms, full %.1f ms, cached %.3f ms\n",
                setup_ms, subset_ms, full_ms, cached_ms);
}

// Mean (and spread for random) per strategy and fraction.
void printSweepTable(const std::vector<SurgeryPoint>& points, const std::vector<Strategy>& usable,
                     const std::vector<double>& fractions) {
    std::map<std::pair<Strategy, double>, std::vector<double>> by;
    for (const auto& p : points) {
        by[{p.strategy, p.fraction}].push_back(p.result.loss);
    }
    std::printf("%-9s", "fraction");
    for (auto s : usable) {
        std::printf(" %16s", key(s));
    }
    std::printf("\n");
    for (double f : fractions) {
        std::printf("%-9.2f", f);
        for (auto s : usable) {
            const auto& v = by[{s, f}];
            double mean = 0, var = 0;
            for (double x : v) {
                mean += x / double(v.size());
            }
            for (double x : v) {
                var += (x - mean) * (x - mean) / double(v.size());
            }
            if (v.size() > 1) {
                std::printf(" %9.4f ±%5.3f", mean, std::sqrt(var));
            } else {
                std::printf(" %16.4f", v.empty() ? std::nan("") : mean);
            }
        }
        std::printf("\n");
    }
}

std::vector<SurgeryPoint> sweepWithProgress(SurgerySession& session,
                                            const std::vector<Strategy>& usable,
                                            const std::vector<double>& fractions) {
    const bool tty = ::isatty(2);
    auto points = session.sweep(
        usable, fractions,
        [&](size_t done, size_t total) {
            if (tty) {
                std::fprintf(stderr, "\r\033[Ksweep %zu/%zu", done, total);
            } else if (done == total || done % 10 == 0) {
                std::fprintf(stderr, "sweep %zu/%zu\n", done, total);
            }
        },
        &cancelFlag());
    if (tty) {
        std::fprintf(stderr, "\r\033[K");
    }
    return points;
}

void ablateWithProgress(SurgerySession& session, const RunDir& rd, int64_t tokens) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto ablation = session.ablation(
        [&](size_t done, size_t total) {
            if (done == total || done % 64 == 0) {
                std::fprintf(stderr, "ablation %zu/%zu\n", done, total);
            }
        },
        &cancelFlag());
    writeAblationCsv(rd.ablationCsv(tokens), rd.name(), toAblation(tokens, ablation));
    std::printf("ablation: %zu dimensions in %.1f s -> %s\n", ablation.size(), msSince(t0) / 1000.0,
                rd.ablationCsv(tokens).c_str());
}

std::string surgeryDetails() {
    std::string strategies;
    for (const auto& e : kStrategyNames) {
        char line[160];
        std::snprintf(line, sizeof line, "  %-8s %s%s\n", e.key, e.description,
                      e.in_default_sweep ? " (in the default sweep)" : "");
        strategies += line;
    }
    return "Prunes a fraction of every selected KV head's key dimensions (K after QK-Norm,\n"
           "before RoPE) and measures the held-out test loss, perplexity and accuracy:\n" +
           strategies +
           "The checkpoint is loaded into memory; stored files are never modified. Writes\n"
           "run,checkpoint,strategy,fraction,draw,loss,ppl,acc to --out and prints\n"
           "single-point and sweep timings. --ablation also zeroes each key dimension of each\n"
           "selected KV head alone and records the held-out loss increase (subset estimate) in\n"
           "DIR/surgery/ckpt-<tokens>-ablation.csv: a measure of each dimension's use that,\n"
           "unlike K's energy after QK-Norm, does not contain gamma.";
}

SurgeryOptions surgeryOptions(const Args& args) {
    SurgeryOptions opt;
    opt.layers = intList(args.get("layers", ""));
    opt.kv_heads = intList(args.get("heads", ""));
    opt.random_draws = int(args.getInt("draws", 5));
    opt.seed = uint64_t(args.getInt("seed", 0));
    opt.test_tokens = args.getInt("test-tokens", 16384);
    opt.subset_tokens = args.getInt("subset-tokens", 2048);
    return opt;
}

int cmdSurgery(const Args& args) {
    RunDir rd(args.required("run"));
    RunConfig cfg = rd.readRunRecord().config;
    cfg.train.threads = int(args.getInt("threads", 0));
    const std::string which = args.get("checkpoint", "last");
    if (which == "all") {
        throw UserError("surgery works on one checkpoint: give --checkpoint TOKENS or last");
    }
    const int64_t tokens = rd.selectCheckpoints(which).front();
    const auto strategies =
        args.get("strategies") ? parseStrategies(*args.get("strategies")) : defaultStrategies();
    const auto fractions = parseFractions(args.get("fractions", kDefaultSweep));

    auto t0 = std::chrono::steady_clock::now();
    SurgerySession session(cfg, rd.checkpointPath(tokens), surgeryOptions(args));
    printUnpruned(session, rd.name(), tokens, msSince(t0));
    std::vector<Strategy> usable;
    for (auto s : strategies) {
        auto why = session.unavailableReason(s);
        if (why.empty()) {
            usable.push_back(s);
        } else {
            std::printf("strategy %s unavailable: %s\n", key(s), why.c_str());
        }
    }
    t0 = std::chrono::steady_clock::now();
    const auto points = sweepWithProgress(session, usable, fractions);
    const double sweep_s = msSince(t0) / 1000.0;
    const fs::path out = args.get("out", rd.sweepCsv(tokens).string());
    writeSweepCsv(out, rd.name(), toSweep(tokens, points));
    printSweepTable(points, usable, fractions);
    std::printf("sweep: %zu points in %.1f s -> %s%s\n", points.size(), sweep_s, out.c_str(),
                cancelFlag().load() ? " (cancelled: partial)" : "");
    if (args.flag("ablation") && !cancelFlag().load()) {
        ablateWithProgress(session, rd, tokens);
    }
    return cancelFlag().load() ? cancelledExitCode() : 0;
}

} // namespace

CommandSpec surgeryCommand() {
    CommandSpec c;
    c.name = "surgery";
    c.summary = "prune key dimensions (gamma / SVD / random) and measure the held-out loss";
    c.options = {
        requiredOption("run", "DIR", "the run folder"),
        valueOption("checkpoint", "TOKENS|last", "the checkpoint (default: last)"),
        valueOption("strategies", "LIST", "comma-separated strategies (default: the sweep's)"),
        valueOption("fractions", "LIST|A:B:STEP",
                    std::string("pruned fractions (default ") + kDefaultSweep + ")"),
        valueOption("layers", "LIST", "layers, e.g. 0,1 (default: all)"),
        valueOption("heads", "LIST", "KV heads (default: all)"),
        valueOption("draws", "N", "draws of the random strategy (default 5)"),
        valueOption("seed", "N", "seed of the random draws (default 0)"),
        valueOption("test-tokens", "N", "held-out tokens measured (default 16384)"),
        valueOption("subset-tokens", "N",
                    "tokens of the ablation's subset estimate (default "
                    "2048)"),
        valueOption("out", "FILE", "the sweep CSV (default DIR/surgery/ckpt-<tokens>-sweep.csv)"),
        valueOption("threads", "N", "CPU threads (default: all cores)"),
        flagOption("ablation", "also ablate each key dimension alone")};
    c.details = surgeryDetails();
    c.run = cmdSurgery;
    return c;
}

} // namespace rs::cli
