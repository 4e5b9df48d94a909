#include "ui/figures/study_figures.h"
#include "ui/figures/figure_catalog.h"

#include "core/store/experiment.h"

namespace rsui {

QList<FigureData> studyFigures(const Runs& runs, const FigureOptions& base) {
    QList<FigureData> out;
    for (const auto& spec : figureCatalog()) {
        out.push_back(spec.build(runs, spec.forStudy ? spec.forStudy(runs, base) : base));
    }
    return out;
}

QStringList writeStudyFigures(const QString& experimentDir, const QString& outDir,
                              const ExportSize& size, std::vector<std::string>* problems) {
    rs::ExperimentFollower exp(experimentDir.toStdString());
    exp.poll();
    if (problems) {
        *problems = rs::problemsOf(exp.runs());
    }
    QStringList written;
    for (const auto& f : studyFigures(exp.runs())) {
        written += exportAll(f, outDir, size);
    }
    return written;
}

} // namespace rsui
