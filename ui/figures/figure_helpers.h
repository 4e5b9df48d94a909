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
// The visible runs pooled as a figure draws them: by `factors` (empty: by cell, as
// rs::groupByFactors), or one group per run when the options draw each seed alone.
std::map<std::string, Runs> seedGroups(const Runs& all, const FigureOptions& o,
                                       const std::vector<rs::Factor>& factors = {});
// The probe a run shows at the scrubbed mark: the last one at or before it.
const rs::ProbeSummary* probeFor(const rs::RunSnapshot& r, const FigureOptions& o);
QString runName(const rs::RunSnapshot& r);
QStringList runNames(const Runs& runs);
bool hasQkNorm(const rs::RunSnapshot& r);
// x > 0 and y > 0 where an axis is logarithmic.
QList<QPointF> forAxes(const QList<QPointF>& pts, bool logX, bool logY);
// The same for a series; a band keeps its lower and upper edges paired (a pair goes where
// either edge cannot be drawn).
void fitToAxes(PlotSeries& s, bool logX, bool logY);
// Mean line plus a band (`band`: 95 % t interval, ± SD or min-max; none for one run) over several
// runs' values at shared x positions; both carry
// `key` (default: the label), so hiding the line in the legend hides its band.
void addGroup(FigureData& f, const QString& label, const QColor& color,
              const std::map<double, std::vector<double>>& byX, size_t runs, bool markers,
              const QStringList& names = {}, const QString& key = {},
              SeedBand band = SeedBand::Ci95);
// The band's ends over seeds' values (NaN where it has none: one value for ± SD and the interval).
std::pair<double, double> spread(const std::vector<double>& v, SeedBand kind);
// "K after QK-Norm, mean over layers, mean over heads"
QString selectionLabel(const FigureOptions& o);

} // namespace rsui::figure_helpers
