// `rankscope-cli report`: statistics, figures and the report of an experiment, headless.
#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/offscreen_app.h"
#include "core/util/error.h"
#include "core/util/name_table.h"
#include "ui/report/report_writer.h"

#include <QApplication>

#include <cstdio>

namespace rs::cli {

namespace {

template <typename E, typename Table>
E enumOption(const Args& args, const std::string& option, const Table& table, E fallback) {
    const auto v = args.get(option);
    if (!v) {
        return fallback;
    }
    if (auto e = valueIn<E>(table, *v)) {
        return *e;
    }
    throw UserError("--" + option + " '" + *v + "': use one of " + keysOf(table));
}

void printClaims(const rsui::ReportResult& r) {
    for (const auto& c : r.study.comparisons) {
        std::printf("%s: %s\n", c.id.c_str(),
                    c.available ? c.claim.c_str() : ("n/a: " + c.why_unavailable).c_str());
    }
    std::printf("dynamics: %s\n", r.study.dynamics_claim.c_str());
    for (const auto& g : r.study.gamma) {
        if (!g.claim.empty()) {
            std::printf("gamma: %s\n", g.claim.c_str());
        }
    }
}

} // namespace

int cmdReport(int argc, char** argv) {
    if (helpRequested(argc, argv, 2)) {
        std::printf(
            "usage: rankscope-cli report --experiment DIR --out DIR [--metric KEY] [--qk k|q]\n"
            "                            [--tap normed|pre|rope] [--seed N]\n\n"
            "Statistics over the seeds of finished runs (Student-t and Welch intervals,\n"
            "exact permutation tests, Holm), phase-transition detection, gamma as a proxy,\n"
            "and the report: figures (PNG, SVG, CSV), tables (CSV, Markdown), report.md and\n"
            "report.html with the claims. Unfinished runs are listed, not compared.\n"
            "--metric: pr, cov_pr, entropy_rank, energy_rank_90, condition, stable_rank.\n");
        return 0;
    }
    Args args(argc, argv, 2, {"experiment", "out", "metric", "qk", "tap", "seed"}, {});
    const auto experiment = args.required("experiment");
    const auto out = args.required("out");
    rs::StudyOptions opt;
    opt.metric = enumOption(args, "metric", kMetricNames, opt.metric);
    opt.qk = enumOption(args, "qk", kQKNames, opt.qk);
    opt.tap = enumOption(args, "tap", kTapNames, opt.tap);
    opt.seed = uint64_t(args.getInt("seed", 0));
    const auto app = offscreenApplication(argv[0]);
    const auto r =
        rsui::writeReport(QString::fromStdString(experiment), QString::fromStdString(out), opt);
    printClaims(r);
    for (const auto& p : r.problems) {
        std::fprintf(stderr, "warning: %s\n", p.c_str());
    }
    std::printf("%lld files written; open %s/report.html\n", (long long)r.files.size(),
                out.c_str());
    return 0;
}

} // namespace rs::cli
