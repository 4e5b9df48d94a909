#include "ui/figures/figure_helpers.h"

#include "core/store/experiment.h"

#include <algorithm>
#include <cmath>

namespace rsui::figure_helpers {

bool shown(const rs::RunSnapshot& r, const FigureOptions& o) {
    return !o.hiddenRuns.contains(QString::fromStdString(r.name));
}

Runs visible(const Runs& runs, const FigureOptions& o) {
    Runs out;
    for (const auto* r : runs) {
        if (shown(*r, o)) {
            out.push_back(r);
        }
    }
    return out;
}

const rs::ProbeSummary* probeFor(const rs::RunSnapshot& r, const FigureOptions& o) {
    if (!o.checkpoint) {
        return r.lastProbe();
    }
    const rs::ProbeSummary* best = nullptr;
    for (const auto& p : r.probes) {
        if (p.tokens <= *o.checkpoint) {
            best = &p;
        }
    }
    return best;
}

QString runName(const rs::RunSnapshot& r) {
    return QString::fromStdString(r.name);
}

QStringList runNames(const Runs& runs) {
    QStringList out;
    for (const auto* r : runs) {
        out << runName(*r);
    }
    return out;
}

bool hasQkNorm(const rs::RunSnapshot& r) {
    return r.config && r.config->model.qk_norm;
}

QList<QPointF> forAxes(const QList<QPointF>& pts, bool logX, bool logY) {
    QList<QPointF> out;
    for (const auto& p : pts) {
        if (std::isfinite(p.x()) && std::isfinite(p.y()) && (!logX || p.x() > 0) &&
            (!logY || p.y() > 0)) {
            out.push_back(p);
        }
    }
    return out;
}

void addGroup(FigureData& f, const QString& label, const QColor& color,
              const std::map<double, std::vector<double>>& byX, size_t runs, bool markers,
              const QStringList& names) {
    PlotSeries mean, band;
    mean.runs = names;
    band.runs = names;
    mean.name = runs > 1 ? Figures::tr("%1 (mean of %2)").arg(label).arg(runs) : label;
    mean.color = color;
    mean.markers = markers;
    band.kind = PlotSeries::Kind::Band;
    band.name = Figures::tr("%1 min–max").arg(label);
    band.color = color;
    band.legend = false;
    for (const auto& [x, ys] : byX) {
        std::vector<double> v;
        for (double y : ys) {
            if (std::isfinite(y)) {
                v.push_back(y);
            }
        }
        if (v.empty()) {
            continue;
        }
        double s = 0;
        for (double y : v) {
            s += y;
        }
        mean.points.push_back({x, s / double(v.size())});
        band.points.push_back({x, *std::min_element(v.begin(), v.end())});
        band.upper.push_back({x, *std::max_element(v.begin(), v.end())});
    }
    if (runs > 1) {
        f.series.push_back(band);
    }
    f.series.push_back(mean);
}

QString selectionLabel(const FigureOptions& o) {
    const QString layer =
        o.layer < 0 ? Figures::tr("mean over layers") : Figures::tr("layer %1").arg(o.layer);
    const QString head =
        o.head < 0 ? Figures::tr("mean over heads") : Figures::tr("head %1").arg(o.head);
    return QStringLiteral("%1 %2, %3, %4").arg(Labels::qk(o.qk), Labels::tap(o.tap), layer, head);
}

} // namespace rsui::figure_helpers
