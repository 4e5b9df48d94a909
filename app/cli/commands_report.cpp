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

int cmdReport(const Args& args) {
    const auto experiment = args.required("experiment");
    const auto out = args.required("out");
    rs::StudyOptions opt;
    opt.metric = enumOption(args, "metric", kMetricNames, opt.metric);
    opt.qk = enumOption(args, "qk", kQKNames, opt.qk);
    opt.tap = enumOption(args, "tap", kTapNames, opt.tap);
    opt.seed = uint64_t(args.getInt("seed", 0));
    const auto app = offscreenApplication(args.program());
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

} // namespace

CommandSpec reportCommand() {
    CommandSpec c;
    c.name = "report";
    c.summary = "statistics over seeds, phase transitions, gamma as a proxy: report.html/.md";
    c.options = {requiredOption("experiment", "DIR", "the experiment folder"),
                 requiredOption("out", "DIR", "where the report goes"),
                 choiceOption("metric", "the compared metric (default: pr)", keyList(kMetricNames)),
                 choiceOption("qk", "queries or keys (default: k)", keyList(kQKNames)),
                 choiceOption("tap", "where the representation is taken (default: normed)",
                              keyList(kTapNames)),
                 valueOption("seed", "N", "seed of the permutation tests' resampling")};
    c.details = "Statistics over the seeds of finished runs (Student-t and Welch intervals,\n"
                "exact permutation tests, Holm), phase-transition detection, gamma as a proxy,\n"
                "and the report: figures (PNG, SVG, CSV), tables (CSV, Markdown), report.md and\n"
                "report.html with the claims. Unfinished runs are listed, not compared.";
    c.run = cmdReport;
    return c;
}

} // namespace rs::cli
