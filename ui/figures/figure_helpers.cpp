#include "ui/figures/figure_helpers.h"

#include "core/analysis/statistics.h"
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

std::map<std::string, Runs> seedGroups(const Runs& all, const FigureOptions& o,
                                       const std::vector<rs::Factor>& factors) {
    if (o.band != SeedBand::Seeds) {
        return rs::groupByFactors(visible(all, o), factors);
    }
    std::map<std::string, Runs> each; // each seed its own line, in its cell's shade
    for (const auto* r : visible(all, o)) {
        each[r->name].push_back(r);
    }
    return each;
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

void fitToAxes(PlotSeries& s, bool logX, bool logY) {
    if (s.kind != PlotSeries::Kind::Band) {
        s.points = forAxes(s.points, logX, logY);
        return;
    }
    QList<QPointF> lo, hi;
    for (qsizetype i = 0; i < s.points.size() && i < s.upper.size(); ++i) {
        if (forAxes({s.points[i], s.upper[i]}, logX, logY).size() == 2) {
            lo << s.points[i];
            hi << s.upper[i];
        }
    }
    s.points = lo;
    s.upper = hi;
}

void addGroup(FigureData& f, const QString& label, const QColor& color,
              const std::map<double, std::vector<double>>& byX, size_t runs, bool markers,
              const QStringList& names, const QString& key, SeedBand kind) {
    PlotSeries mean, band;
    mean.key = band.key = key.isEmpty() ? label : key;
    mean.pooled = band.pooled = runs > 1 ? int(runs) : 0;
    mean.runs = names;
    band.runs = names;
    mean.name = runs > 1 ? Figures::tr("%1 (mean of %2)").arg(label).arg(runs) : label;
    mean.color = color;
    mean.markers = markers;
    band.kind = PlotSeries::Kind::Band;
    band.name = Labels::seedBandOf(kind, label);
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
        const auto [lo, hi] = spread(v, kind);
        double s = 0;
        for (double y : v) {
            s += y;
        }
        mean.points.push_back({x, s / double(v.size())});
        if (std::isfinite(lo) && std::isfinite(hi)) {
            band.points.push_back({x, lo});
            band.upper.push_back({x, hi});
        }
    }
    if (runs > 1 && kind != SeedBand::Seeds && !band.points.isEmpty()) {
        f.series.push_back(band);
    }
    f.series.push_back(mean);
}

std::pair<double, double> spread(const std::vector<double>& v, SeedBand kind) {
    const double nan = std::nan("");
    if (v.empty()) {
        return {nan, nan};
    }
    if (kind == SeedBand::MinMax) {
        return {*std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())};
    }
    const double n = double(v.size());
    if (v.size() < 2) {
        return {nan, nan};
    }
    double m = 0;
    for (double y : v) {
        m += y;
    }
    m /= n;
    double ss = 0;
    for (double y : v) {
        ss += (y - m) * (y - m);
    }
    const double sd = std::sqrt(ss / (n - 1));
    const double half =
        kind == SeedBand::Sd ? sd : rs::stats::studentTQuantile(0.975, n - 1) * sd / std::sqrt(n);
    return {m - half, m + half};
}

QString selectionLabel(const FigureOptions& o) {
    const QString layer =
        o.layer < 0 ? Figures::tr("mean over layers") : Figures::tr("layer %1").arg(o.layer);
    const QString head =
        o.head < 0 ? Figures::tr("mean over heads") : Figures::tr("head %1").arg(o.head);
    return QStringLiteral("%1 %2, %3, %4").arg(Labels::qk(o.qk), Labels::tap(o.tap), layer, head);
}

} // namespace rsui::figure_helpers
