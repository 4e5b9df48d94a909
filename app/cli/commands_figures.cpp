// `rankscope-cli figures`: the study figures headless, rendered by the GUI's own figure code.
#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/offscreen_app.h"
#include "ui/figures/study_figures.h"

#include <QApplication>

#include <cstdio>

namespace rs::cli {

int cmdFigures(int argc, char** argv) {
    if (helpRequested(argc, argv, 2)) {
        std::printf("usage: rankscope-cli figures --experiment DIR --out DIR [--width PX] "
                    "[--height PX] [--dpi N]\n\n"
                    "Writes the study figures (trajectory, waterfall, data_complexity, "
                    "surgery,\ngamma_vs_svd, loss) as PNG, SVG and CSV, rendered headless "
                    "by the same code as\nthe GUI's views.\n");
        return 0;
    }
    Args args(argc, argv, 2, {"experiment", "out", "width", "height", "dpi"}, {});
    const auto experiment = args.required("experiment");
    const auto out = args.required("out");
    rsui::ExportSize size;
    size.pixels.setWidth(int(args.getInt("width", size.pixels.width())));
    size.pixels.setHeight(int(args.getInt("height", size.pixels.height())));
    size.dpi = int(args.getInt("dpi", size.dpi));
    const auto app = offscreenApplication(argv[0]);
    std::vector<std::string> problems;
    const auto files = rsui::writeStudyFigures(QString::fromStdString(experiment),
                                               QString::fromStdString(out), size, &problems);
    for (const auto& p : problems) {
        std::fprintf(stderr, "warning: %s\n", p.c_str());
    }
    for (const auto& f : files) {
        std::printf("%s\n", qPrintable(f));
    }
    std::printf("%lld files written\n", (long long)files.size());
    return 0;
}

} // namespace rs::cli
