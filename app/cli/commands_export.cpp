#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/store/experiment.h"
#include "core/store/run_factors.h"
#include "core/util/csv.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <cstdio>
#include <sstream>

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

std::string csvValue(const Json& v) {
    if (v.is_null()) {
        return ""; // missing (e.g. a diverged model): an empty cell, as pandas reads NaN
    }
    if (v.is_string()) {
        return csvField(v.get<std::string>());
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "1" : "0";
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v.get<double>());
    return buf;
}

// The runs to export: DIR itself when it is a run folder, else every run of the experiment.
std::vector<RunSnapshot> readRuns(const fs::path& root) {
    if (ExperimentLayout::isRun(root)) {
        RunFollower run(root);
        run.poll();
        return {run.snapshot()};
    }
    ExperimentFollower exp(root);
    exp.poll();
    std::vector<RunSnapshot> runs;
    for (const auto* r : exp.runs()) {
        runs.push_back(*r);
    }
    if (runs.empty()) {
        throw UserError("no runs (folders with status.json or run.json) in '" + root.string() +
                        "'");
    }
    return runs;
}

// run,cell,seed, then every other factor (qk_norm, optimizer, ...): what groups the rows.
std::string factorHeader() {
    std::string h = "run,cell,seed,";
    for (const auto& n : kFactorNames) {
        if (n.value != Factor::Cell) {
            h += std::string(n.key) + ",";
        }
    }
    return h;
}

std::string factorFields(const RunSnapshot& run) {
    std::string out =
        csvField(run.name) + "," + csvField(run.cell) + "," + std::to_string(run.seed) + ",";
    for (const auto& n : kFactorNames) {
        if (n.value != Factor::Cell) {
            out += csvField(factorValue(run, n.value)) + ",";
        }
    }
    return out;
}

// One run's rows: the factor columns, then tokens,layer,head,qk,tap,metric,value. Returns the
// row count.
size_t exportRun(std::ostream& out, const RunSnapshot& run) {
    const std::string prefix = factorFields(run);
    size_t rows = 0;
    auto loss = [&](const std::vector<LossPoint>& points, const char* metric) {
        for (const auto& p : points) {
            out << prefix << p.tokens << ",,,,loss," << metric << ","
                << csvValue(jsonNumber(p.value)) << "\n";
            ++rows;
        }
    };
    loss(run.train_loss, "train_loss");
    loss(run.val_loss, "val_loss");
    for (const auto& p : run.probes) {
        const std::string tokens = std::to_string(p.tokens);
        auto emit = [&](int layer, int head, QK qk, const std::string& tap, const Json& metrics) {
            for (auto it = metrics.begin(); it != metrics.end(); ++it) {
                out << prefix << tokens << "," << layer << "," << head << "," << key(qk) << ","
                    << tap << "," << it.key() << "," << csvValue(*it) << "\n";
                ++rows;
            }
        };
        for (const auto& r : p.reps) {
            emit(r.layer, r.head, r.qk, key(r.tap), toJson(r.metrics));
        }
        for (const auto& w : p.weights) {
            emit(w.layer, w.head, w.qk, "weight", toJson(w.metrics));
        }
        for (const auto& g : p.gammas) {
            Json m = g.toJson();
            for (const char* k : {"layer", "head", "qk"}) {
                m.erase(k);
            }
            emit(g.layer, g.head, g.qk, "gamma", m);
        }
    }
    return rows;
}

int cmdExport(const Args& args) {
    const auto root = args.get("run") ? args.get("run") : args.get("experiment");
    if (!root) {
        throw UsageError("give --run DIR or --experiment DIR");
    }
    const std::string csv = args.required("csv");
    if (fs::is_directory(csv)) {
        throw UserError("--csv '" + csv + "' is a folder; give a file name, e.g. " +
                        (fs::path(csv) / "metrics.csv").string());
    }
    const auto runs = readRuns(*root);
    std::ostringstream out;
    out << factorHeader() << "tokens,layer,head,qk,tap,metric,value\n";
    size_t rows = 0;
    for (const auto& run : runs) {
        rows += exportRun(out, run);
        for (const auto& [where, what] : run.problems) {
            std::fprintf(stderr, "warning: %s: %s\n", run.name.c_str(), what.c_str());
        }
    }
    writeFileAtomic(csv, out.str()); // an existing file is replaced whole or not at all
    std::printf("wrote %zu rows to %s\n", rows, csv.c_str());
    return 0;
}

} // namespace

CommandSpec exportCommand() {
    CommandSpec c;
    c.name = "export";
    c.summary = "every scalar metric of a run or experiment as long-format CSV";
    c.options = {valueOption("run", "DIR", "one run folder"),
                 valueOption("experiment", "DIR", "an experiment folder: all its runs"),
                 requiredOption("csv", "FILE", "the CSV to write (replaced whole)")};
    c.details = "Every scalar metric in long format: run,cell,seed, the run's factors and main\n"
                "hyper-parameters (qk_norm,optimizer,data,muon_grouping,decay_hidden,preset,\n"
                "muon_lr,adamw_lr,weight_decay,d_model,n_layers,token_budget), then\n"
                "tokens,layer,head,qk,tap,metric,value (tap: pre|normed|rope for\n"
                "representations, weight for W_q/W_k slices, gamma for QK-Norm gains, loss for\n"
                "train/val loss). pandas.read_csv reads it as is; infinite condition numbers\n"
                "are written as inf; a factor a run has not recorded yet is empty.";
    c.run = cmdExport;
    return c;
}

} // namespace rs::cli
