#include "ui/figures/figure_data.h"
#include "core/util/csv.h"

#include <QTextStream>

#include <cmath>
#include <limits>

namespace rsui {

std::pair<double, double> HeatGrid::range() const {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& p : panels) {
        for (const auto& row : p.values) {
            for (double v : row) {
                if (std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
        }
    }
    return {lo, hi};
}

bool FigureData::empty() const {
    if (heat) {
        return !std::isfinite(heat->range().first);
    }
    for (const auto& s : series) {
        if (!s.points.isEmpty()) {
            return false;
        }
    }
    return true;
}

FigureData FigureData::shown() const {
    FigureData out = *this;
    out.series.clear();
    for (const auto& s : series) {
        if (hidden.contains(s.id())) {
            continue;
        }
        PlotSeries kept = s;
        if (viewRange) {
            const double x0 = std::min(viewRange->left(), viewRange->right());
            const double x1 = std::max(viewRange->left(), viewRange->right());
            kept.points.clear();
            kept.upper.clear();
            for (qsizetype i = 0; i < s.points.size(); ++i) {
                const double x = s.points[i].x();
                if (x >= x0 && x <= x1) {
                    kept.points << s.points[i];
                    if (i < s.upper.size()) {
                        kept.upper << s.upper[i];
                    }
                }
            }
        }
        out.series << kept;
    }
    out.hidden.clear();
    return out;
}

namespace {

QString quoted(const QString& s) {
    return QString::fromStdString(rs::csvField(s.toStdString()));
}

QString heatCsv(const QString& id, const HeatGrid& g) {
    QString out;
    QTextStream ts(&out);
    ts.setRealNumberPrecision(17);
    ts << "figure,panel,layer,tokens,value\n";
    for (const auto& p : g.panels) {
        for (qsizetype r = 0; r < p.values.size(); ++r) {
            for (qsizetype c = 0; c < p.values[r].size() && c < g.columnTokens.size(); ++c) {
                ts << id << ',' << quoted(p.title) << ',' << r << ',' << g.columnTokens[c] << ',';
                if (std::isfinite(p.values[r][c])) {
                    ts << p.values[r][c];
                }
                ts << '\n';
            }
        }
    }
    return out;
}

} // namespace

QString FigureData::toCsv() const {
    if (heat) {
        return heatCsv(id, *heat);
    }
    QString out;
    QTextStream ts(&out);
    ts.setRealNumberPrecision(10);
    // Training tokens are written raw, as in the heatmap's CSV, whatever unit the axis shows.
    const double xScale = xTokens > 0 ? xTokens : 1.0;
    ts << "figure,series,kind," << (xTokens > 0 ? "tokens" : "x") << ",y,y_upper\n";
    for (const auto& s : series) {
        const char* kind = s.kind == PlotSeries::Kind::Line      ? "line"
                           : s.kind == PlotSeries::Kind::Scatter ? "scatter"
                                                                 : "band";
        for (qsizetype i = 0; i < s.points.size(); ++i) {
            ts << id << ',' << quoted(s.name) << ',' << kind << ',';
            if (xTokens > 0) {
                ts << qint64(std::llround(s.points[i].x() * xScale));
            } else {
                ts << s.points[i].x();
            }
            ts << ',' << s.points[i].y() << ',';
            if (s.kind == PlotSeries::Kind::Band && i < s.upper.size()) {
                ts << s.upper[i].y();
            }
            ts << '\n';
        }
    }
    return out;
}

} // namespace rsui
