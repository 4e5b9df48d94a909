// `rankscope-cli figures`: the study figures headless, rendered by the GUI's own figure code.
#include "figures/study_figures.h"
#include "report/report_writer.h"
#include "util/error.h"

#include <QApplication>
#include <QSize>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace rs::cli {

namespace {

// The value after option argv[i] (advancing i), or a UserError naming the option.
std::string optionValue(int argc, char** argv, int& i) {
    if (i + 1 >= argc) {
        throw UserError(std::string(argv[i]) + " needs a value");
    }
    return argv[++i];
}

// Charts render through QtWidgets: an application object on the offscreen platform unless
// the caller chose one (no display needed).
std::unique_ptr<QApplication> offscreenApplication(char* argv0) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    static int qargc = 1;
    static char* qargv[] = {argv0, nullptr};
    return std::make_unique<QApplication>(qargc, qargv);
}

} // namespace

int cmdFigures(int argc, char** argv) {
    std::string experiment, out;
    rsui::ExportSize size;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return optionValue(argc, argv, i); };
        if (a == "--help" || a == "-h") {
            std::printf("usage: rankscope-cli figures --experiment DIR --out DIR [--width PX] "
                        "[--height PX] [--dpi N]\n\n"
                        "Writes the study figures (trajectory, waterfall, data_complexity, "
                        "surgery,\ngamma_vs_svd, loss) as PNG, SVG and CSV, rendered headless "
                        "by the same code as\nthe GUI's views.\n");
            return 0;
        } else if (a == "--experiment") {
            experiment = value();
        } else if (a == "--out") {
            out = value();
        } else if (a == "--width") {
            size.pixels.setWidth(std::stoi(value()));
        } else if (a == "--height") {
            size.pixels.setHeight(std::stoi(value()));
        } else if (a == "--dpi") {
            size.dpi = std::stoi(value());
        } else {
            throw UserError("unknown option '" + a + "' (see rankscope-cli figures --help)");
        }
    }
    if (experiment.empty() || out.empty()) {
        throw UserError("give --experiment DIR and --out DIR");
    }
    const auto app = offscreenApplication(argv[0]);
    const auto files = rsui::writeStudyFigures(QString::fromStdString(experiment),
                                               QString::fromStdString(out), size);
    for (const auto& f : files) {
        std::printf("%s\n", qPrintable(f));
    }
    std::printf("%lld files written\n", (long long)files.size());
    return 0;
}

int cmdReport(int argc, char** argv) {
    std::string experiment, out;
    rs::StudyOptions opt;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return optionValue(argc, argv, i); };
        if (a == "--help" || a == "-h") {
            std::printf(
                "usage: rankscope-cli report --experiment DIR --out DIR [--metric KEY] [--qk k|q]\n"
                "                            [--tap normed|pre|rope] [--seed N]\n\n"
                "Statistics over the seeds of finished runs (Student-t and Welch intervals,\n"
                "exact permutation tests, Holm), phase-transition detection, gamma as a proxy,\n"
                "and the report: figures (PNG, SVG, CSV), tables (CSV, Markdown), report.md and\n"
                "report.html with the claims. Unfinished runs are listed, not compared.\n");
            return 0;
        } else if (a == "--experiment") {
            experiment = value();
        } else if (a == "--out") {
            out = value();
        } else if (a == "--metric") {
            opt.metric = value();
        } else if (a == "--qk") {
            opt.qk = value().at(0);
        } else if (a == "--tap") {
            opt.tap = value();
        } else if (a == "--seed") {
            opt.seed = std::stoull(value());
        } else {
            throw UserError("unknown option '" + a + "' (see rankscope-cli report --help)");
        }
    }
    if (experiment.empty() || out.empty()) {
        throw UserError("give --experiment DIR and --out DIR");
    }
    const auto app = offscreenApplication(argv[0]);
    const auto r =
        rsui::writeReport(QString::fromStdString(experiment), QString::fromStdString(out), opt);
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
    std::printf("%lld files written; open %s/report.html\n", (long long)r.files.size(),
                out.c_str());
    return 0;
}

} // namespace rs::cli
