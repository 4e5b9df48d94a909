#include "ui/figures/figure_catalog.h"

#include "core/config/run_config.h"
#include "core/config/study_design.h"
#include "core/store/experiment.h"

#include <QCoreApplication>

#include <algorithm>
#include <set>
#include <string>

namespace rsui {

namespace {

bool among(const std::vector<std::string>& cells, const std::string& cell) {
    return std::find(cells.begin(), cells.end(), cell) != cells.end();
}

// Shows only the runs of `cells` when any is present (`first_seed_only`: one run per cell),
// else every run.
FigureOptions onlyCells(const Runs& runs, FigureOptions o, const std::vector<std::string>& cells,
                        bool first_seed_only) {
    const bool any = std::any_of(runs.begin(), runs.end(),
                                 [&](const rs::RunSnapshot* r) { return among(cells, r->cell); });
    if (!any) {
        return o;
    }
    std::set<std::string> taken;
    for (const auto* r : runs) {
        const bool keep = among(cells, r->cell) && !(first_seed_only && taken.count(r->cell));
        if (keep) {
            taken.insert(r->cell);
        } else {
            o.hiddenRuns.insert(QString::fromStdString(r->name));
        }
    }
    return o;
}

// The design's trajectory cells (the 2x2 of QK-Norm x optimizer), over log tokens.
FigureOptions studyTrajectory(const Runs& runs, FigureOptions o) {
    o = onlyCells(runs, o, rs::studyDesign().trajectory_cells, false);
    o.logX = true;
    return o;
}

// The design's waterfall cells at the final checkpoint, seeds pooled.
FigureOptions studyWaterfall(const Runs& runs, FigureOptions o) {
    return onlyCells(runs, o, rs::studyDesign().waterfall_cells, false);
}

FigureOptions studyLoss(const Runs&, FigureOptions o) {
    o.logX = false;
    o.logY = false;
    o.smoothing = 0.0;
    return o;
}

} // namespace

const std::vector<FigureSpec>& figureCatalog() {
    static const std::vector<FigureSpec> specs = {
        {figure_id::kTrajectory, QT_TRANSLATE_NOOP("Figures", "Trajectory"), &Figures::trajectory,
         ControlMetric | ControlQK | ControlTap | ControlLayer | ControlHead | ControlLogX |
             ControlGroupBy | ControlSeedBand,
         "Collapse trajectory of {trajectory} (key PR after QK-Norm, mean over layers and "
         "heads; seeds as their mean with its 95 % t interval, the claims' interval).",
         &studyTrajectory},
        {figure_id::kWaterfall, QT_TRANSLATE_NOOP("Figures", "Waterfall"), &Figures::waterfall,
         ControlQK | ControlTap | ControlLayer | ControlHead | ControlLogY | ControlSeedBand,
         "Singular-value waterfall σᵢ/σ₁ of {waterfall} at the final checkpoint (seeds as their "
         "mean with its 95 % t interval).",
         &studyWaterfall},
        {figure_id::kDataComplexity, QT_TRANSLATE_NOOP("Figures", "Data complexity"),
         &Figures::dataComplexity,
         ControlMetric | ControlQK | ControlTap | ControlHead | ControlSeedBand,
         "Per-layer PR for {data_complexity}.", nullptr},
        {figure_id::kGammaVsSvd, QT_TRANSLATE_NOOP("Figures", "Gamma vs SVD"),
         &Figures::gammaScatter, ControlLayer | ControlFocusRun | ControlKeyUse,
         "|γⱼ| against each key dimension's share of K's energy before the gain (gamma-free), by "
         "layer.",
         nullptr},
        {figure_id::kSurgery, QT_TRANSLATE_NOOP("Figures", "Surgery"), &Figures::surgery,
         ControlFocusRun, "Surgery: held-out loss against the fraction of key dimensions pruned.",
         nullptr},
        {figure_id::kHeatmap, QT_TRANSLATE_NOOP("Figures", "Layers × time"), &Figures::heatmap,
         ControlMetric | ControlQK | ControlTap | ControlHead | ControlFocusRun | ControlSeedMean |
             ControlPerHead,
         "Key PR after QK-Norm per layer (rows) and checkpoint (columns) of the first run, mean "
         "over heads: where in the network and when the rank falls.",
         nullptr},
        {figure_id::kLoss, QT_TRANSLATE_NOOP("Figures", "Loss"), &Figures::loss,
         ControlLogX | ControlLogY | ControlLinearYFirst | ControlSmoothing | ControlSeedBand,
         "Training and validation loss (seeds as their mean with its 95 % t interval).",
         &studyLoss},
        {figure_id::kContrast, QT_TRANSLATE_NOOP("Figures", "Contrast over time"),
         &Figures::contrastOverTime, ControlMetric | ControlQK | ControlTap | ControlLogX,
         "Each comparison's a − b at every shared mark with its 95 % Welch interval (QK-Norm at "
         "each of its taps): when each answer settles.",
         nullptr},
    };
    return specs;
}

namespace {

// "A1, A2 and B1"; `labelled`: "C1 (simple), ..." with each cell's label from the matrix file.
std::string cellList(const std::vector<std::string>& cells, bool labelled) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        out += i == 0 ? "" : i + 1 == cells.size() ? " and " : ", ";
        out += cells[i];
        const auto cell = rs::matrixCell(cells[i]);
        if (labelled && cell && !cell->label.empty()) {
            out += " (" + cell->label + ")";
        }
    }
    return out;
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
}

} // namespace

std::string figureCaption(const FigureSpec& spec) {
    const auto& design = rs::studyDesign();
    std::string caption = spec.caption;
    replaceAll(caption, "{trajectory}", cellList(design.trajectory_cells, false));
    replaceAll(caption, "{waterfall}", cellList(design.waterfall_cells, false));
    replaceAll(caption, "{data_complexity}", cellList(design.complexity_cells, true));
    return caption;
}

QString figureTitle(const FigureSpec& spec) {
    return QCoreApplication::translate("Figures", spec.title);
}

} // namespace rsui
