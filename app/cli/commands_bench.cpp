#include "core/bench/matrix_bench.h"
#include "core/bench/train_bench.h"
#include "core/util/system_info.h"
#include "core/model/transformer.h"
#include "core/spectral/probe.h"
#include "app/cli/args.h"
#include "app/cli/installed_files.h"
#include "app/cli/commands.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/process.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace rs::cli {

namespace {

struct PythonResult {
    bool ok = false;
    double tokens_per_s = 0.0, median_step_ms = 0.0;
    std::string error;
};

// Runs the same model in PyTorch eager (Debian's python3-torch) with the same shapes,
// threads and precision, and reads its JSON line.
PythonResult runPythonReference(const std::string& python, const std::string& script,
                                const RunConfig& cfg, const std::string& precision, int threads,
                                int warmup, int steps) {
    PythonResult r;
    Json j = cfg.toJson();
    j["bench"] = {
        {"precision", precision}, {"threads", threads}, {"warmup", warmup}, {"steps", steps}};
    const PrivateTempFile config("rankscope-bench", j.dump());
    const auto run = runProcess({python, script, config.path().string()}); // no shell
    if (run.exit_code == 127) {
        r.error = run.output;
        return r;
    }
    const std::string& out = run.output;
    auto pos = out.rfind("{\"");
    if (pos == std::string::npos) {
        r.error = out.empty() ? "no output" : out.substr(0, 400);
        return r;
    }
    Json res = Json::parse(out.substr(pos), nullptr, false);
    if (res.is_discarded()) {
        r.error = "unreadable output: " + out.substr(pos, 200);
        return r;
    }
    r.ok = true;
    r.tokens_per_s = res.value("tokens_per_s", 0.0);
    r.median_step_ms = res.value("median_step_ms", 0.0);
    return r;
}

// (a) one at a time, (b) in parallel, (c) (b) beside a busy process: aggregate tokens/s, each
// as a ratio to (a), all measured in this one invocation.
int benchMatrixCommand(const Args& args) {
    MatrixBenchOptions o;
    o.preset = args.get("preset", o.preset);
    o.runs = int(args.getInt("runs", o.runs));
    o.steps = args.getInt("steps", o.steps);
    o.parallel = int(args.getInt("parallel", 0));
    const auto base = loadPreset(o.preset);
    std::printf("matrix bench: %d runs of the %s preset per phase, %lld steps x %lld tokens each "
                "(synthetic data, no probes), %u cores, %s\n",
                o.runs, o.preset.c_str(), (long long)o.steps, (long long)base.train.tokensPerStep(),
                availableCores(), cpuModelName().c_str());
    std::fflush(stdout);
    double a = 0.0;
    benchMatrix(o, [&](const MatrixBenchPhase& p) {
        if (a == 0.0) {
            a = p.tokens_per_s;
        }
        std::printf("%-38s %d at once  %8.0f tokens/s  %5.2fx (a)  %.1f s  thread changes %d, "
                    "final threads %s\n",
                    p.label.c_str(), p.parallel, p.tokens_per_s, a > 0 ? p.tokens_per_s / a : 0.0,
                    p.wall_s, p.thread_changes, p.final_threads.c_str());
        std::fflush(stdout);
    });
    return 0;
}

} // namespace

namespace {

const char* kBenchDetails =
    R"(Training throughput: forward + backward + clip + optimizer step, median of
--steps after --warmup, on random tokens. Unless --no-python, the same model
in PyTorch eager runs with the same shapes, threads and precision and the
ratio C++/Python is printed. Model FLOPs per token (6N + attention) give the
achieved TFLOP/s, and MFU when --peak-tflops (the device's dense bf16 peak,
e.g. 989 for an H100 SXM) is given. --compare-fused times LibTorch's own
operations and the fused ones (train.fused_ops) one after the other in this
invocation and prints the ratio; --profile adds each operation's self time
per step and the share in matrix products. Each precision also prints a
checkpoint's size and a run's disk need. --probe also times the spectral probe
on a 1,000-token evaluation batch and its share of a whole run's training;
--probe-only times just the probe (for shapes too big to train here).

With --matrix: aggregate training tokens/s of a small matrix (--runs runs of
--steps steps, synthetic data, no probes): (a) one run at a time with all
cores, (b) --parallel runs at once (default: as `matrix`), (c) as (b) with one
busy-looping process beside them; each as a ratio to (a) measured in the
same invocation. Run it on an otherwise idle machine.)";

// What one precision's measurement needs besides the config.
struct BenchPlan {
    int steps = 20, warmup = 3;
    double flops_per_token = 0.0; // model FLOPs per trained token
    double peak_tflops = 0.0;     // the device's dense bf16 peak; 0: no MFU
    bool with_python = true;
    bool compare_fused = false; // plain LibTorch operations, then the fused ones
    int profile_steps = 0;      // > 0: self time per operation over this many steps
    std::string python, script;
};

// Training FLOPs per token: 6 per parameter (forward + backward) plus the attention scores and
// mixing, 6 * 2 * layers * seq_len * d_model (causal halves are not skipped).
double flopsPerToken(const RunConfig& cfg) {
    const auto& mc = cfg.model;
    return 6.0 * double(mc.parameterCount()) +
           12.0 * double(mc.n_layers * cfg.train.seq_len * mc.d_model);
}

void printProfile(const TrainBenchResult& r) {
    const auto& p = r.profile;
    const double per = 1.0 / std::max(1, p.steps);
    std::printf(
        "        profile (%d steps, self time per step): matrix products %.1f ms of %.1f ms "
        "(%.0f%%)\n",
        p.steps, p.matrixMs() * per, p.total_ms * per,
        p.total_ms > 0 ? 100.0 * p.matrixMs() / p.total_ms : 0.0);
    // The profiler's own cost per operation is not spread evenly: shares are of the profiled
    // step, which is said next to the untimed one.
    std::printf("        (the profiler slows a step from %.1f to %.1f ms; shares are of the "
                "profiled step)\n",
                r.median_step_ms, p.total_ms * per);
    for (size_t i = 0; i < p.ops.size() && i < 18; ++i) {
        const auto& o = p.ops[i];
        std::printf("        %-52s %7.2f ms %5.1f%%  %5lld calls\n", o.name.substr(0, 52).c_str(),
                    o.self_ms * per, p.total_ms > 0 ? 100.0 * o.self_ms / p.total_ms : 0.0,
                    (long long)(double(o.calls) * per));
    }
}

TrainBenchResult benchOnce(const RunConfig& cfg, const BenchPlan& plan) {
    auto r = benchmarkTraining(cfg, plan.warmup, plan.steps, plan.profile_steps);
    std::printf("C++     %-5s threads %d  params %lld  %-6s step %.1f ms (fwd %.1f, bwd %.1f, "
                "opt %.1f)  %.0f tokens/s\n",
                r.runtime.bf16_autocast ? "bf16" : "fp32", r.runtime.threads,
                (long long)r.parameters, r.fused_ops ? "fused" : "plain", r.median_step_ms,
                r.forward_ms, r.backward_ms, r.optimizer_ms, r.tokens_per_s);
    const double tflops = r.tokens_per_s * plan.flops_per_token / 1e12;
    std::printf("        %.3f TFLOP/s achieved (%.2f GFLOP per token)", tflops,
                plan.flops_per_token / 1e9);
    if (plan.peak_tflops > 0) {
        std::printf(", MFU %.1f%% of %.0f TFLOP/s", 100.0 * tflops / plan.peak_tflops,
                    plan.peak_tflops);
    }
    std::printf("\n");
    if (plan.profile_steps > 0) {
        printProfile(r);
    }
    std::fflush(stdout);
    return r;
}

// A finished run's checkpoints on disk: every mark's weights, the final mark with the optimizer
// state too (while it trains, the resume point holds one more full state); with
// train.keep_optimizer_state every mark's full state.
void printDisk(const RunConfig& cfg, const TrainBenchResult& r) {
    const double marks = double(cfg.train.checkpointMarks().size());
    const double mb = 1.0 / (1024.0 * 1024.0);
    std::printf("disk    checkpoint %.1f MB (weights) / %.1f MB (with optimizer state); a finished "
                "run's %.0f marks: %.1f MB, %.1f MB with train.keep_optimizer_state\n",
                double(r.weights_bytes) * mb, double(r.full_state_bytes) * mb, marks,
                ((marks - 1.0) * double(r.weights_bytes) + double(r.full_state_bytes)) * mb,
                marks * double(r.full_state_bytes) * mb);
}

// C++ at one precision (plain and fused with --compare-fused), then the PyTorch reference with
// the same shapes; returns C++ tokens/s of the configured path.
double benchPrecision(RunConfig cfg, Precision precision, const BenchPlan& plan) {
    cfg.train.precision = precision;
    TrainBenchResult r;
    if (plan.compare_fused) {
        cfg.train.fused_ops = false;
        const auto plain = benchOnce(cfg, plan);
        cfg.train.fused_ops = true;
        r = benchOnce(cfg, plan);
        std::printf("        fused / plain: %.2fx tokens/s\n", r.tokens_per_s / plain.tokens_per_s);
    } else {
        r = benchOnce(cfg, plan);
    }
    const double tokens_per_s = r.tokens_per_s;
    const char* used = r.runtime.bf16_autocast ? "bf16" : "fp32";
    printDisk(cfg, r);
    std::fflush(stdout);
    if (plan.with_python) {
        auto py = runPythonReference(plan.python, plan.script, cfg, used, r.runtime.threads,
                                     plan.warmup, plan.steps);
        if (!py.ok) {
            std::printf("Python  %-5s failed: %s\n", key(precision), py.error.c_str());
        } else {
            std::printf("Python  %-5s threads %d  step %.1f ms  %.0f tokens/s  ->  C++/Python "
                        "%.2fx\n",
                        used, r.runtime.threads, py.median_step_ms, py.tokens_per_s,
                        tokens_per_s / py.tokens_per_s);
        }
    }
    std::fflush(stdout);
    return tokens_per_s;
}

// The spectral probe on a 1,000-token batch, and its share of a whole run's training.
void benchProbe(const RunConfig& cfg, double train_tokens_per_s) {
    torch::manual_seed(0);
    Transformer model(cfg.model);
    const int64_t len = std::min<int64_t>(125, cfg.model.max_seq_len);
    auto eval = torch::randint(cfg.model.vocab_size, {1000 / len, len}, torch::kInt64);
    std::vector<double> ms;
    for (int i = 0; i < 4; ++i) {
        ms.push_back(probeModel(*model, eval).seconds * 1000.0);
    }
    std::sort(ms.begin(), ms.end());
    const double probe_ms = ms[ms.size() / 2];
    const size_t marks = cfg.train.checkpointMarks().size();
    std::printf("probe   %lld tokens, %lld layers x %lld+%lld heads: %.1f ms per checkpoint",
                (long long)eval.numel(), (long long)cfg.model.n_layers,
                (long long)cfg.model.n_heads, (long long)cfg.model.n_kv_heads, probe_ms);
    if (train_tokens_per_s > 0) {
        const double train_s = double(cfg.train.token_budget) / train_tokens_per_s;
        std::printf("; %zu checkpoints = %.2f s against %.0f s of training (%.2f%%)", marks,
                    probe_ms * double(marks) / 1000.0, train_s,
                    100.0 * probe_ms * double(marks) / 1000.0 / train_s);
    }
    std::printf("\n");
}

std::vector<Precision> precisionsOf(const Args& args) {
    if (args.get("precision", "both") == "both") {
        return {Precision::Fp32, Precision::Bf16};
    }
    const auto p = args.choice("precision", Precision::Fp32);
    if (p == Precision::Auto) {
        throw UsageError("--precision must be both, bf16 or fp32");
    }
    return {p};
}

// The PyTorch reference installed beside the program (share/rankscope/bench/).
std::string referenceScript(const Args& args) {
    if (auto script = args.get("script")) {
        return *script;
    }
    const auto installed = installedDataFile("bench/torch_reference.py");
    if (installed.empty()) {
        throw UserError("the PyTorch reference script is not installed beside this program "
                        "(share/rankscope/bench/torch_reference.py); pass --script FILE or "
                        "--no-python");
    }
    return installed.string();
}

int cmdBench(const Args& args) {
    if (args.flag("matrix")) {
        return benchMatrixCommand(args);
    }
    RunConfig cfg = loadPreset(args.get("preset", "quick"));
    cfg.train.threads = int(args.getInt("threads", 0));
    cfg.train.optimizer = args.choice("optimizer", cfg.train.optimizer);
    cfg.train.device = args.choice("device", cfg.train.device);
    BenchPlan plan;
    plan.peak_tflops = std::stod(args.get("peak-tflops", "0"));
    plan.flops_per_token = flopsPerToken(cfg);
    plan.steps = int(args.getInt("steps", 20));
    plan.warmup = int(args.getInt("warmup", 3));
    plan.compare_fused = args.flag("compare-fused");
    plan.profile_steps = args.flag("profile") ? std::max(5, plan.steps / 2) : 0;
    cfg.train.fused_ops = !args.flag("plain-ops");
    auto precisions = precisionsOf(args);
    plan.python = args.get("python", "/usr/bin/python3");
    plan.with_python = !args.flag("no-python");
    plan.script = plan.with_python ? referenceScript(args) : "";
    if (plan.with_python && !std::filesystem::exists(plan.script)) {
        throw UserError("PyTorch reference script not found at '" + plan.script +
                        "'; pass --script FILE or --no-python");
    }
    std::printf("preset %s, optimizer %s, batch %lld x seq %lld, %d steps (median) after %d "
                "warm-up\n",
                cfg.preset.c_str(), key(cfg.train.optimizer), (long long)cfg.train.batch_size,
                (long long)cfg.train.seq_len, plan.steps, plan.warmup);
    if (args.flag("probe-only")) {
        precisions.clear(); // the paper shape trains far too slowly on a CPU to time here
    }
    double last_tokens_per_s = 0.0;
    for (const auto& p : precisions) {
        last_tokens_per_s = benchPrecision(cfg, p, plan);
    }
    if (args.flag("probe") || args.flag("probe-only")) {
        benchProbe(cfg, last_tokens_per_s);
    }
    std::printf("BLAS: %s\n", configureRuntime(cfg.train).blas.c_str());
    return 0;
}

} // namespace

CommandSpec benchCommand() {
    CommandSpec c;
    c.name = "bench";
    c.summary = "training throughput (tokens/s), C++ against the PyTorch eager reference";
    c.options = {
        choiceOption("preset", "the model shape (default: quick)", presetNames()),
        valueOption("steps", "N", "timed steps (default 20; with --matrix 60)"),
        valueOption("warmup", "N", "untimed steps first (default 3)"),
        choiceOption("precision", "which precisions to time (default: both)",
                     {"both", "bf16", "fp32"}),
        valueOption("threads", "N", "CPU threads (default: all cores)"),
        choiceOption("optimizer", "the optimizer (default: the preset's)", choiceKeys<Optimizer>()),
        choiceOption("device", "where to train", choiceKeys<Device>()),
        valueOption("peak-tflops", "T", "the device's dense bf16 peak, for MFU"),
        flagOption("no-python", "skip the PyTorch reference"),
        valueOption("python", "FILE", "the Python with PyTorch (default /usr/bin/python3)"),
        valueOption("script", "FILE", "the reference script (default: the installed one)"),
        flagOption("compare-fused", "time plain LibTorch and fused operations side by side"),
        flagOption("plain-ops", "time LibTorch's own operations (train.fused_ops off)"),
        flagOption("profile", "self time per operation (LibTorch's profiler)"),
        flagOption("probe", "also time the spectral probe"),
        flagOption("probe-only", "time only the spectral probe"),
        flagOption("matrix", "aggregate tokens/s of a small matrix, serial against parallel"),
        valueOption("runs", "N", "with --matrix: runs in the matrix (default 4)"),
        valueOption("parallel", "N", "with --matrix: runs at once")};
    c.details = kBenchDetails;
    c.run = cmdBench;
    return c;
}

} // namespace rs::cli
