#pragma once

#include "ui/figures/figure_builder.h"

#include <QString>

#include <vector>

namespace rsui {

// The option controls a figure's view offers, as flags.
enum FigureControl : int {
    ControlMetric = 1,
    ControlQK = 2,
    ControlTap = 4,
    ControlLayer = 8,
    ControlHead = 16,
    ControlLogX = 32,
    ControlLogY = 64,
    ControlFocusRun = 128,
    ControlKeyUse = 256,
    ControlSmoothing = 512,     // the EMA slider of the loss curves
    ControlLinearYFirst = 1024, // log y offered but off until chosen
    ControlSeedMean = 2048,     // heatmap: the focus run's cell mean
    ControlPerHead = 4096,      // heatmap: one panel per head
    ControlGroupBy = 8192,      // seeds pooled by any combination of factors
    ControlSeedBand = 16384     // how pooled seeds are drawn (interval, SD, min-max, each)
};

// One figure of the study, once for the window's tabs, "Export all figures" and the report.
struct FigureSpec {
    const char* id;    // file stem and settings key: "trajectory", ...
    const char* title; // the tab's title, translated by figureTitle()
    FigureData (*build)(const Runs&, const FigureOptions&);
    int controls; // FigureControl flags
    // The report's caption; {trajectory}, {waterfall}, {data_complexity}: the cells the study
    // design shows in that figure (figureCaption fills them in).
    const char* caption;
    // The study's choices on top of the user's (e.g. the design's cells); nullptr: none.
    FigureOptions (*forStudy)(const Runs&, FigureOptions);
};

// The figures in tab order. A new figure is a builder in Figures and a row here.
const std::vector<FigureSpec>& figureCatalog();
QString figureTitle(const FigureSpec& spec);
std::string figureCaption(const FigureSpec& spec);

} // namespace rsui
