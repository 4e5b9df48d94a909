#include "ui/figures/study_figures.h"

#include "core/config/study_design.h"
#include "core/store/experiment.h"

#include <algorithm>

#include <set>

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

} // namespace

QList<FigureData> studyFigures(const Runs& runs, const FigureOptions& base) {
    const auto& design = rs::studyDesign();
    QList<FigureData> out;
    // Trajectory: the design's cells (the 2x2 of QK-Norm x optimizer) when present.
    FigureOptions traj = onlyCells(runs, base, design.trajectory_cells, false);
    traj.logX = true;
    out.push_back(Figures::trajectory(runs, traj));
    // Waterfall: the first seed of each of the design's cells at the final checkpoint.
    out.push_back(Figures::waterfall(runs, onlyCells(runs, base, design.waterfall_cells, true)));
    out.push_back(Figures::dataComplexity(runs, base));
    out.push_back(Figures::surgery(runs, base));
    out.push_back(Figures::gammaScatter(runs, base));
    FigureOptions loss = base;
    loss.logX = false;
    out.push_back(Figures::loss(runs, loss));
    return out;
}

QStringList writeStudyFigures(const QString& experimentDir, const QString& outDir,
                              const ExportSize& size) {
    rs::ExperimentFollower exp(experimentDir.toStdString());
    exp.poll();
    QStringList written;
    for (const auto& f : studyFigures(exp.runs())) {
        written += exportAll(f, outDir, size);
    }
    return written;
}

} // namespace rsui
