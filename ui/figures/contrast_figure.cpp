#include "core/analysis/contrast_time.h"
#include "core/analysis/study.h"
#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_helpers.h"

namespace rsui {

using namespace figure_helpers;

// Each comparison's a − b over training with its 95 % Welch interval as a band (a decomposed
// comparison at each of its taps), beside a zero line: when each answer settles.
FigureData Figures::contrastOverTime(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kContrast;
    f.title = tr("Contrast over training: %1").arg(Labels::metric(o.metric));
    f.xTitle = tr("training tokens");
    f.yTitle = tr("a − b (%1)").arg(Labels::metricAxis(o.metric));
    f.logX = o.logX;
    f.xTokens = 1; // x is training tokens (SI tick labels)
    rs::StudyOptions so;
    so.metric = o.metric;
    so.qk = o.qk;
    so.tap = o.tap;
    const auto groups = rs::groupByCell(rs::studyRuns(visible(all, o)));
    const auto contrasts = rs::contrastsOverTime(groups, so, rs::studyDesign());
    double lo = 0, hi = 0;
    int index = 0;
    for (const auto& c : contrasts) {
        if (c.points.empty()) {
            ++index;
            continue;
        }
        PlotSeries line, band;
        line.name =
            QStringLiteral("%1 − %2 (%3)")
                .arg(QString::fromStdString(c.a), QString::fromStdString(c.b), Labels::tap(c.tap));
        line.color = groupColor(index++);
        line.key = band.key = QString::fromStdString(c.a + "-" + c.b + "@" + rs::key(c.tap));
        line.markers = true;
        band.kind = PlotSeries::Kind::Band;
        band.name = line.name + tr(" 95 % CI");
        band.color = line.color;
        band.legend = false;
        for (const auto& p : c.points) {
            const double x = double(p.tokens);
            line.points << QPointF(x, p.delta);
            if (std::isfinite(p.ci.lo)) {
                band.points << QPointF(x, p.ci.lo);
                band.upper << QPointF(x, p.ci.hi);
            }
            lo = std::min(lo, double(p.tokens));
            hi = std::max(hi, double(p.tokens));
        }
        line.points = forAxes(line.points, f.logX, false);
        band.points = forAxes(band.points, f.logX, false);
        band.upper = forAxes(band.upper, f.logX, false);
        if (!band.points.empty()) {
            f.series << band;
        }
        f.series << line;
    }
    if (f.series.empty()) {
        f.emptyMessage = tr("No comparison has finished, probed runs in both of its cells yet.");
        return f;
    }
    PlotSeries zero;
    zero.name = tr("no difference");
    zero.color = QColor(110, 110, 110);
    zero.dashed = true;
    zero.legend = false;
    zero.points = forAxes({QPointF(lo, 0.0), QPointF(hi, 0.0)}, f.logX, false);
    f.series << zero;
    f.note = selectionLabel(o);
    return f;
}

} // namespace rsui
