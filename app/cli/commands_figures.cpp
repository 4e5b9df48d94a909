// `rankscope-cli figures`: the study figures headless, rendered by the GUI's own figure code.
#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/offscreen_app.h"
#include "ui/figures/named_view.h"
#include "ui/figures/study_figures.h"

#include <QApplication>

#include <cstdio>

namespace rs::cli {

namespace {

int cmdFigures(const Args& args) {
    const auto experiment = args.required("experiment");
    const auto out = args.required("out");
    rsui::ExportSize size;
    size.pixels.setWidth(int(args.getInt("width", size.pixels.width())));
    size.pixels.setHeight(int(args.getInt("height", size.pixels.height())));
    size.dpi = int(args.getInt("dpi", size.dpi));
    size.dark = args.flag("dark");
    const auto app = offscreenApplication(args.program());
    if (const auto view = args.get("view")) { // one saved view instead of the study set
        const auto files =
            rsui::writeViewFigure(QString::fromStdString(experiment), QString::fromStdString(*view),
                                  QString::fromStdString(out), size);
        for (const auto& f : files) {
            std::printf("%s\n", qPrintable(f));
        }
        return 0;
    }
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

} // namespace

CommandSpec figuresCommand() {
    CommandSpec c;
    c.name = "figures";
    c.summary = "the study figures of an experiment as PNG, SVG and CSV";
    c.options = {requiredOption("experiment", "DIR", "the experiment folder"),
                 requiredOption("out", "DIR", "where the figures go"),
                 valueOption("width", "PX", "width in pixels"),
                 valueOption("height", "PX", "height in pixels"),
                 valueOption("dpi", "N", "resolution written into the PNGs"),
                 flagOption("dark", "a dark background (default: light, for print)"),
                 valueOption("view", "FILE",
                             "only this saved view (View → Save view in the workbench: "
                             "<experiment>/views/NAME.json) as NAME.png, .svg and .csv")};
    c.details = "Writes the study figures (trajectory, waterfall, data_complexity, surgery,\n"
                "gamma_vs_svd, heatmap, loss) as PNG, SVG and CSV, rendered headless by the\n"
                "same code as the GUI's views.";
    c.run = cmdFigures;
    return c;
}

} // namespace rs::cli
