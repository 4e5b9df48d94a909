#pragma once

#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_export.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace rsui {

// The study's figures with their default choices, in the catalog's order with its names
// (figure_catalog.h): trajectory, waterfall, data_complexity, gamma_vs_svd, surgery (the five
// of the paper) and loss. The report and "Export all figures" both use this list.
QList<FigureData> studyFigures(const Runs& runs, const FigureOptions& base = {});

// Reads an experiment folder once and writes every study figure as PNG, SVG and CSV into
// `outDir`. Returns the files written; `problems` (when given) receives the damaged files the
// figures left out. Headless: needs a QApplication (offscreen is fine).
QStringList writeStudyFigures(const QString& experimentDir, const QString& outDir,
                              const ExportSize& size = {},
                              std::vector<std::string>* problems = nullptr);

} // namespace rsui
