#include "cli/args.h"
#include "cli/commands.h"
#include "config/run_config.h"
#include "model/transformer.h"
#include "spectral/probe.h"
#include "store/run_dir.h"
#include "train/checkpoint_io.h"
#include "train/runtime.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/files.h"

#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

std::vector<fs::path> runDirs(const fs::path& root) {
    std::vector<fs::path> runs;
    if (fs::exists(root / "run.json")) {
        return {root};
    }
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root, ec)) {
        if (fs::exists(e.path() / "run.json")) {
            runs.push_back(e.path());
        }
    }
    std::sort(runs.begin(), runs.end());
    if (runs.empty()) {
        throw UserError("no run directories (with run.json) in '" + root.string() + "'");
    }
    return runs;
}

std::string csvValue(const Json& v) {
    if (v.is_null()) {
        return ""; // missing (e.g. a diverged model): an empty cell, as pandas reads NaN
    }
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "1" : "0";
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v.get<double>());
    return buf;
}

} // namespace

std::vector<int64_t> chooseCheckpoints(const RunDir& rd, const std::string& which) {
    const auto marks = rd.checkpoints();
    if (marks.empty()) {
        throw UserError("run '" + rd.root().string() + "' has no checkpoints yet");
    }
    if (which == "all") {
        return marks;
    }
    if (which == "last") {
        return {marks.back()};
    }
    int64_t t = -1;
    try {
        t = std::stoll(which);
    } catch (const std::exception&) {
    }
    if (std::find(marks.begin(), marks.end(), t) == marks.end()) {
        throw UserError("no checkpoint at '" + which + "' tokens in '" + rd.root().string() +
                        "'; present: " + Json(marks).dump() + " (or last, all)");
    }
    return {t};
}

int cmdProbe(int argc, char** argv) {
    if (helpRequested(argc, argv, 2)) {
        std::printf("usage: rankscope-cli probe --run DIR [--checkpoint TOKENS|last|all]\n\n"
                    "Re-measures stored checkpoints on the run's evaluation batch and rewrites\n"
                    "DIR/probes/ckpt-<tokens>/ (checkpoints themselves are never modified).\n");
        return 0;
    }
    Args args(argc, argv, 2, {"run", "checkpoint", "threads"}, {});
    RunDir rd(args.required("run"));
    RunConfig cfg = RunConfig::fromJson(rd.readRunJson().at("config"));
    cfg.train.threads = int(args.getInt("threads", 0));
    configureRuntime(cfg.train);
    const auto chosen = chooseCheckpoints(rd, args.get("checkpoint", "all"));
    auto eval = evaluationBatch(cfg);
    if (!eval.defined()) {
        throw UserError("this run trained on plain token files and has no evaluation batch; "
                        "train from prepared data (data.source \"prepared\")");
    }
    Transformer model(cfg.model);
    for (int64_t t : chosen) {
        loadCheckpoint(rd.checkpointPath(t), *model, nullptr);
        auto res = probeModel(*model, eval);
        res.checkpoint_tokens = t;
        writeProbe(rd.root(), res);
        std::printf("checkpoint %lld: mean PR K(normed) %.2f, Q(normed) %.2f of %lld dims, "
                    "%.0f ms%s\n",
                    (long long)t, res.meanPR('k', "normed"), res.meanPR('q', "normed"),
                    (long long)cfg.model.headDim(), res.seconds * 1000,
                    res.valid ? "" : " (non-finite: marked invalid)");
    }
    return 0;
}

int cmdExport(int argc, char** argv) {
    if (helpRequested(argc, argv, 2)) {
        std::printf("usage: rankscope-cli export (--run DIR | --experiment DIR) --csv FILE\n\n"
                    "Every scalar metric in long format: run,cell,seed,tokens,layer,head,qk,tap,\n"
                    "metric,value (tap: pre|normed|rope for representations, weight for W_q/W_k\n"
                    "slices, gamma for QK-Norm gains, loss for train/val loss). pandas.read_csv\n"
                    "reads it as is; infinite condition numbers are written as inf.\n");
        return 0;
    }
    Args args(argc, argv, 2, {"run", "experiment", "csv"}, {});
    const auto root = args.get("run") ? *args.get("run") : args.required("experiment");
    const std::string csv = args.required("csv");
    std::ofstream out(csv);
    if (!out) {
        throw UserError("cannot write '" + csv + "'");
    }
    out << "run,cell,seed,tokens,layer,head,qk,tap,metric,value\n";
    size_t rows = 0;
    for (const auto& dir : runDirs(root)) {
        RunDir rd(dir);
        Json run = rd.readRunJson();
        const std::string prefix = run.value("name", dir.filename().string()) + "," +
                                   run.value("cell", "") + "," +
                                   std::to_string(run.value("seed", 0)) + ",";
        // After a resume the interrupted attempt's later records are superseded: the last
        // record for each (kind, tokens) wins.
        std::map<std::pair<std::string, int64_t>, Json> losses;
        for (const auto& m : rd.readMetrics()) {
            const auto kind = m.value("kind", "");
            if (kind == "train" || kind == "checkpoint") {
                losses[{kind, m.value("tokens", int64_t{0})}] = m;
            }
        }
        for (const auto& [key, m] : losses) {
            const bool train = key.first == "train";
            out << prefix << key.second << ",,,,loss," << (train ? "train_loss," : "val_loss,")
                << csvValue(train ? m["loss"] : m["val_loss"]) << "\n";
            ++rows;
        }
        std::error_code ec;
        std::vector<fs::path> probes;
        for (const auto& e : fs::directory_iterator(dir / "probes", ec)) {
            probes.push_back(e.path());
        }
        std::sort(probes.begin(), probes.end());
        for (const auto& p : probes) {
            if (!fs::exists(p / "summary.json")) {
                continue;
            }
            Json s = Json::parse(readFile(p / "summary.json"));
            const std::string tokens = std::to_string(s.value("tokens", int64_t{0}));
            auto emit = [&](const Json& rec, const std::string& tap, const Json& metrics) {
                for (auto it = metrics.begin(); it != metrics.end(); ++it) {
                    out << prefix << tokens << "," << rec["layer"] << "," << rec["head"] << ","
                        << rec["qk"].get<std::string>() << "," << tap << "," << it.key() << ","
                        << csvValue(*it) << "\n";
                    ++rows;
                }
            };
            for (const auto& r : s["representations"]) {
                emit(r, r["tap"].get<std::string>(), r["metrics"]);
            }
            for (const auto& w : s["weights"]) {
                emit(w, "weight", w["metrics"]);
            }
            for (const auto& g : s["gammas"]) {
                Json m = g;
                for (const char* k : {"layer", "head", "qk"}) {
                    m.erase(k);
                }
                emit(g, "gamma", m);
            }
        }
    }
    std::printf("wrote %zu rows to %s\n", rows, csv.c_str());
    return 0;
}

} // namespace rs::cli
