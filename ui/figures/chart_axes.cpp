// ChartBinding's axes: ranges that hug the data, round labelled ticks (axis_ticks), zoom reset.
// Both axes are category axes over the plotted coordinates, so a logarithmic axis plots log10 of
// its values and still labels 2, 5, 20, 50 (QLogValueAxis labels only the decades).
#include "ui/figures/axis_ticks.h"
#include "ui/figures/chart_binding.h"

#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rsui {

QPointF ChartBinding::toPlot(const QPointF& p) const {
    return {logX_ ? std::log10(p.x()) : p.x(), logY_ ? std::log10(p.y()) : p.y()};
}

QPointF ChartBinding::fromPlot(const QPointF& p) const {
    return {logX_ ? std::pow(10.0, p.x()) : p.x(), logY_ ? std::pow(10.0, p.y()) : p.y()};
}

QList<QPointF> ChartBinding::toPlot(const QList<QPointF>& pts) const {
    QList<QPointF> out;
    out.reserve(pts.size());
    for (const auto& p : pts) {
        out.push_back(toPlot(p));
    }
    return out;
}

void ChartBinding::rebuildAxes(const FigureData& f) {
    for (auto* s : chart_->series()) {
        for (auto* a : s->attachedAxes()) {
            s->detachAxis(a);
        }
    }
    for (auto* a : {axisX_, axisY_}) {
        if (a) {
            chart_->removeAxis(a);
            delete a;
        }
    }
    auto make = [this] {
        auto* a = new QCategoryAxis;
        a->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        connect(a, &QValueAxis::rangeChanged, this, [this] { relabel(); });
        return a;
    };
    axisX_ = make();
    axisY_ = make();
    chart_->addAxis(axisX_, Qt::AlignBottom);
    chart_->addAxis(axisY_, Qt::AlignLeft);
    for (auto* s : chart_->series()) {
        s->attachAxis(axisX_);
        s->attachAxis(axisY_);
    }
    logX_ = f.logX;
    logY_ = f.logY;
    haveAxes_ = true;
    applyAxisColors();
    applyFonts();
    userZoomed_ = false;
}

namespace {

struct Bounds {
    double x0, x1, y0, y1;
};

// The data's extent (series, bands and the marker); a unit box when there is no data.
Bounds dataBounds(const FigureData& f, bool logX, bool logY) {
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const auto& s : f.series) {
        if (f.hidden.contains(s.id())) {
            continue;
        }
        for (const auto* pts : {&s.points, &s.upper}) {
            for (const auto& p : *pts) {
                x0 = std::min(x0, p.x());
                x1 = std::max(x1, p.x());
                y0 = std::min(y0, p.y());
                y1 = std::max(y1, p.y());
            }
        }
    }
    if (f.markerX) {
        x0 = std::min(x0, *f.markerX);
        x1 = std::max(x1, *f.markerX);
    }
    if (!std::isfinite(x0) || !std::isfinite(y0)) {
        return {logX ? 0.1 : 0.0, 1.0, logY ? 0.1 : 0.0, 1.0};
    }
    return {x0, x1, y0, y1};
}

void pad(double& lo, double& hi, bool log) {
    if (log) {
        lo = lo > 0 ? lo / 1.3 : 1e-3;
        hi = hi > 0 ? hi * 1.3 : 1.0;
        return;
    }
    const double span = hi - lo;
    const double m = span > 0 ? 0.05 * span : std::max(0.5, std::abs(hi) * 0.1);
    // Tokens, losses and ranks are never negative: the axis does not pretend otherwise.
    lo = lo >= 0 ? std::max(0.0, lo - m) : lo - m;
    hi += m;
}

// A linear range widened to its outer round ticks (the axis ends on a labelled value).
void toRoundEnds(double& lo, double& hi) {
    const auto t = linearTicks(lo, hi);
    if (t.size() < 2) {
        return;
    }
    const double step = t[1].value - t[0].value;
    lo = t.front().value - lo > 1e-9 * step ? t.front().value - step : t.front().value;
    hi = hi - t.back().value > 1e-9 * step ? t.back().value + step : t.back().value;
}

} // namespace

void ChartBinding::fitRanges() {
    if (figure_.viewRange) {
        const QRectF& r = *figure_.viewRange;
        setPlotRange(r.left(), r.right(), r.top(), r.bottom());
    } else if (!userZoomed_) {
        auto [x0, x1, y0, y1] = dataBounds(figure_, logX_, logY_);
        if (figure_.xRange) {
            x0 = figure_.xRange->first;
            x1 = figure_.xRange->second;
        } else if (figure_.integerX && !logX_) {
            x0 -= 0.5;
            x1 += 0.5;
        } else {
            pad(x0, x1, logX_); // x ends where the data ends: no empty tick step beyond it
        }
        pad(y0, y1, logY_);
        if (!logY_) {
            toRoundEnds(y0, y1);
        }
        setPlotRange(x0, x1, y0, y1);
    }
    if (marker_ && figure_.markerX) {
        const double x = toPlot(QPointF(*figure_.markerX, 1.0)).x();
        marker_->replace({QPointF(x, axisY_->min()), QPointF(x, axisY_->max())});
    }
}

// Data coordinates in, the axes' plotted coordinates set.
void ChartBinding::setPlotRange(double x0, double x1, double y0, double y1) {
    const QPointF a = toPlot(QPointF(x0, y0)), b = toPlot(QPointF(x1, y1));
    relabeling_ = true;
    axisX_->setRange(a.x(), b.x());
    axisY_->setRange(a.y(), b.y());
    relabeling_ = false;
    relabel();
}

QRectF ChartBinding::visibleRange() const {
    const QPointF a = fromPlot(QPointF(axisX_->min(), axisY_->min()));
    const QPointF b = fromPlot(QPointF(axisX_->max(), axisY_->max()));
    return QRectF(QPointF(a.x(), a.y()), QPointF(b.x(), b.y()));
}

namespace {

// Replaces the axis' categories by one per tick, each ending on its tick, so that every label
// stands on its value.
void setTicks(QCategoryAxis* axis, const std::vector<AxisTick>& ticks, bool log) {
    for (const auto& label : axis->categoriesLabels()) {
        axis->remove(label);
    }
    const double lo = axis->min(), span = axis->max() - axis->min();
    axis->setStartValue(lo - 1e-6 * span);
    for (const auto& t : ticks) {
        const double at = log ? std::log10(t.value) : t.value;
        if (at >= lo - 1e-9 * span && at <= axis->max() + 1e-9 * span) {
            axis->append(t.label, at);
        }
    }
}

} // namespace

std::vector<AxisTick> ChartBinding::ticksFor(bool x) const {
    const QRectF r = visibleRange();
    const double lo = x ? r.left() : r.top(), hi = x ? r.right() : r.bottom();
    if (x ? logX_ : logY_) {
        return logTicks(lo, hi);
    }
    if (x && figure_.xRange) {
        std::vector<AxisTick> t;
        const double step = (figure_.xRange->second - figure_.xRange->first) / 10.0;
        for (int i = 0; i <= 10; ++i) {
            const double v = figure_.xRange->first + i * step;
            t.push_back({v, tickLabel(v, step, std::max(std::abs(lo), std::abs(hi)))});
        }
        return t;
    }
    return linearTicks(lo, hi, x && figure_.integerX);
}

// The tick labels of the current ranges: after a fit, a zoom or a pan.
void ChartBinding::relabel() {
    if (relabeling_ || !axisX_ || !axisY_) {
        return;
    }
    relabeling_ = true;
    setTicks(axisX_, ticksFor(true), logX_);
    setTicks(axisY_, ticksFor(false), logY_);
    relabeling_ = false;
}

void ChartBinding::zoomTo(const QRectF& range) {
    setPlotRange(range.left(), range.right(), range.top(), range.bottom());
    userZoomed_ = true;
}

void ChartBinding::resetZoom() {
    userZoomed_ = false;
    chart_->zoomReset();
    fitRanges();
}

} // namespace rsui
