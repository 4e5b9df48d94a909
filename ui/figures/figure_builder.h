#pragma once

#include "core/spectral/probe_names.h"
#include "core/store/run_factors.h"
#include "core/store/surgery_record.h"
#include "ui/figures/figure_data.h"
#include "ui/figures/key_use.h"
#include "ui/labels/labels.h"

#include <QColor>
#include <QCoreApplication>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace rs {
struct RunSnapshot;
}

namespace rsui {

// The choices a user makes above a figure; persisted with QSettings by the views.

struct FigureOptions {
    rs::Metric metric = rs::Metric::PR;
    rs::QK qk = rs::QK::K;
    rs::Tap tap = rs::Tap::Normed;
    int layer = -1; // -1: mean over layers
    int head = -1;  // -1: mean over heads
    bool logX = false;
    bool logY = true;                      // waterfall, loss
    std::optional<int64_t> checkpoint;     // token mark; empty = each run's last
    QSet<QString> hiddenRuns;              // runs unticked in the table
    QString focusRun;                      // scatter/surgery: the run shown (empty = first usable)
    std::optional<double> surgeryMarker;   // slider position, fraction 0..1
    KeyUse keyUse = KeyUse::PregainEnergy; // gamma scatter's y-axis
    std::vector<rs::Factor> groupBy; // trajectory: seeds pooled by these factors (empty: cell)
    bool seedMean = false;           // heatmap: the mean of the focus run's cell instead of the run
    bool perHead = false;            // heatmap: one panel per head
    double smoothing = 0.0;          // loss: EMA weight of the training curve, 0..0.99
    SeedBand band = SeedBand::Ci95;  // trajectory, waterfall, loss, data complexity
};

using Runs = std::vector<const rs::RunSnapshot*>;

// The views of the study. Each depends only on the runs and the options, no widget state;
// waterfall and gammaScatter also read the probe's spectra (.npy, a few kB each) from the run
// folders on the calling thread, the others use the snapshots alone.
class Figures {
    Q_DECLARE_TR_FUNCTIONS(Figures)

  public:
    static FigureData trajectory(const Runs& runs, const FigureOptions& o);
    static FigureData waterfall(const Runs& runs, const FigureOptions& o);
    static FigureData dataComplexity(const Runs& runs, const FigureOptions& o);
    static FigureData gammaScatter(const Runs& runs, const FigureOptions& o);
    static FigureData surgery(const Runs& runs, const FigureOptions& o);
    static FigureData loss(const Runs& runs, const FigureOptions& o);
    static FigureData contrastOverTime(const Runs& runs, const FigureOptions& o);
    // Layer x checkpoint grid of a metric (heatmap_figure.cpp).
    static FigureData heatmap(const Runs& runs, const FigureOptions& o);

    static QColor strategyColor(rs::Strategy s);
    // Every token mark any run has probed, ascending.
    static std::vector<int64_t> checkpointMarks(const Runs& runs);
};

// Stable colours: one hue per cell (colour-blind-safe palette), seeds as shades of it.
QColor cellColor(const QString& cell);
QColor runColor(const rs::RunSnapshot& run);
QColor groupColor(int index); // the index-th comparison of the contrast figure
// Each group of `all` under `factors` (keys as rs::groupByFactors): a group of one cell has that
// cell's colour, a group pooling cells one of its own, so a cell keeps its colour in every
// grouping and hiding runs repaints nothing.
QHash<QString, QColor> groupColors(const Runs& all, const std::vector<rs::Factor>& factors);
QString formatTokens(double tokens); // 1.2M, 350k, 0

} // namespace rsui
