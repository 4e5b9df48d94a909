// `rankscope-cli figures`: the study figures headless, rendered by the GUI's own figure code.
#include "figures/study_figures.h"
#include "util/error.h"

#include <QApplication>
#include <QSize>

#include <cstdio>
#include <cstring>
#include <string>

namespace rs::cli {

int cmdFigures(int argc, char** argv) {
    std::string experiment, out;
    rsui::ExportSize size;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                throw UserError(a + " needs a value");
            }
            return argv[++i];
        };
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
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no display needed
    }
    int qargc = 1;
    char* qargv[] = {argv[0], nullptr};
    QApplication app(qargc, qargv);
    const auto files = rsui::writeStudyFigures(QString::fromStdString(experiment),
                                               QString::fromStdString(out), size);
    for (const auto& f : files) {
        std::printf("%s\n", qPrintable(f));
    }
    std::printf("%lld files written\n", (long long)files.size());
    return 0;
}

} // namespace rs::cli
