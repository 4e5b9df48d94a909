#pragma once

#include "core/store/experiment.h"
#include "ui/figures/figure_builder.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace rsui::figure_helpers {

// What the figure builders share (figure_builder.cpp, gamma_surgery_figures.cpp).
bool shown(const rs::RunSnapshot& r, const FigureOptions& o);
Runs visible(const Runs& runs, const FigureOptions& o);
// The probe a run shows at the scrubbed mark: the last one at or before it.
const rs::ProbeSummary* probeFor(const rs::RunSnapshot& r, const FigureOptions& o);
QString runName(const rs::RunSnapshot& r);
QStringList runNames(const Runs& runs);
bool hasQkNorm(const rs::RunSnapshot& r);
// x > 0 and y > 0 where an axis is logarithmic.
QList<QPointF> forAxes(const QList<QPointF>& pts, bool logX, bool logY);
// Mean line plus a min-max band over several runs' values at shared x positions.
void addGroup(FigureData& f, const QString& label, const QColor& color,
              const std::map<double, std::vector<double>>& byX, size_t runs, bool markers,
              const QStringList& names = {});
// "K after QK-Norm, mean over layers, mean over heads"
QString selectionLabel(const FigureOptions& o);

} // namespace rsui::figure_helpers
