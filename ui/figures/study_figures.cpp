#include "figures/study_figures.h"

#include "store/experiment.h"

#include <set>

namespace rsui {

QList<FigureData> studyFigures(const Runs& runs, const FigureOptions& base) {
    QList<FigureData> out;
    // Trajectory: the 2x2 of QK-Norm x optimizer when present, else every run.
    FigureOptions traj = base;
    bool has2x2 = false;
    for (const auto* r : runs) {
        has2x2 = has2x2 || r->cell == "A1" || r->cell == "A2" || r->cell == "B1" || r->cell == "B2";
    }
    if (has2x2) {
        for (const auto* r : runs) {
            if (r->cell != "A1" && r->cell != "A2" && r->cell != "B1" && r->cell != "B2") {
                traj.hiddenRuns.insert(QString::fromStdString(r->name));
            }
        }
    }
    traj.logX = true;
    out.push_back(Figures::trajectory(runs, traj));
    // Waterfall: A1 against A2 (QK-Norm on/off) at the final checkpoint, seed 0 of each.
    FigureOptions wf = base;
    bool hasA = false;
    for (const auto* r : runs) {
        hasA = hasA || r->cell == "A1" || r->cell == "A2";
    }
    if (hasA) {
        std::set<std::string> taken;
        for (const auto* r : runs) {
            const bool keep = (r->cell == "A1" || r->cell == "A2") && !taken.count(r->cell);
            if (keep) {
                taken.insert(r->cell);
            } else {
                wf.hiddenRuns.insert(QString::fromStdString(r->name));
            }
        }
    }
    out.push_back(Figures::waterfall(runs, wf));
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
