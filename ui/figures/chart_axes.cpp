// ChartBinding's axes: linear or logarithmic as the figure asks, ranges that hug the data, round
// ticks, zoom reset.
#include "ui/figures/chart_binding.h"

#include <QChart>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rsui {

namespace {

// Round ticks that hug the data: a step of 1, 2, 2.5 or 5 x 10^k giving 4-8 intervals, the ends
// on multiples of it (QValueAxis::applyNiceNumbers often adds half an empty axis).
void niceRange(QValueAxis* v) {
    const double lo = v->min(), hi = v->max();
    if (!(hi > lo)) {
        return;
    }
    const double raw = (hi - lo) / 6.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10.0 * mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    }
    const double a = std::floor(lo / step + 1e-9) * step;
    const double b = std::ceil(hi / step - 1e-9) * step;
    v->setRange(a, b);
    v->setTickType(QValueAxis::TicksFixed);
    v->setTickCount(int(std::lround((b - a) / step)) + 1);
}

} // namespace

void ChartBinding::rebuildAxes(const FigureData& f) {
    for (auto* s : chart_->series()) {
        for (auto* a : s->attachedAxes()) {
            s->detachAxis(a);
        }
    }
    if (axisX_) {
        chart_->removeAxis(axisX_);
        delete axisX_;
    }
    if (axisY_) {
        chart_->removeAxis(axisY_);
        delete axisY_;
    }
    auto make = [](bool log) -> QAbstractAxis* {
        if (log) {
            auto* a = new QLogValueAxis;
            a->setBase(10.0);
            a->setLabelFormat("%g");
            a->setMinorTickCount(8);
            return a;
        }
        auto* a = new QValueAxis;
        a->setLabelFormat("%.3g");
        return a;
    };
    axisX_ = make(f.logX);
    axisY_ = make(f.logY);
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

// Labels get as many decimals as the tick step needs: "0", not "-1.39e-17".
void fixedLabels(QValueAxis* v) {
    const double step = (v->max() - v->min()) / std::max(1, v->tickCount() - 1);
    const int decimals = step > 0 ? std::clamp(int(-std::floor(std::log10(step))), 0, 8) : 2;
    const double mag = std::max(std::abs(v->min()), std::abs(v->max()));
    v->setLabelFormat(mag >= 1e5 || (mag > 0 && mag < 1e-4)
                          ? QStringLiteral("%.2e")
                          : QStringLiteral("%.") + QString::number(decimals) + "f");
}

// Integer axes (layer, index) tick at whole steps, at most ~12 of them.
void integerTicks(QValueAxis* v, double span) {
    double step = 1;
    for (double s : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0}) {
        step = s;
        if (span / s <= 12) {
            break;
        }
    }
    v->setTickType(QValueAxis::TicksDynamic);
    v->setTickAnchor(0);
    v->setTickInterval(step);
}

std::pair<double, double> axisRange(QAbstractAxis* a) {
    if (auto* v = qobject_cast<QValueAxis*>(a)) {
        return {v->min(), v->max()};
    }
    auto* l = qobject_cast<QLogValueAxis*>(a);
    return {l->min(), l->max()};
}

} // namespace

void ChartBinding::fitRanges() {
    if (!userZoomed_) {
        auto [x0, x1, y0, y1] = dataBounds(figure_, logX_, logY_);
        if (figure_.integerX && !logX_) {
            x0 -= 0.5;
            x1 += 0.5;
        } else {
            pad(x0, x1, logX_);
        }
        pad(y0, y1, logY_);
        axisX_->setRange(x0, x1);
        axisY_->setRange(y0, y1);
        setTicks(x1 - x0);
    }
    if (marker_ && figure_.markerX) {
        const auto [lo, hi] = axisRange(axisY_);
        marker_->replace({QPointF(*figure_.markerX, lo), QPointF(*figure_.markerX, hi)});
    }
}

// Round tick values (5, 10, 15 rather than 2.75, 7.94, ...).
void ChartBinding::setTicks(double xSpan) {
    if (auto* v = qobject_cast<QValueAxis*>(axisY_)) {
        niceRange(v);
        fixedLabels(v);
    }
    auto* v = qobject_cast<QValueAxis*>(axisX_);
    if (!v) {
        return;
    }
    if (figure_.xRange) {
        v->setTickType(QValueAxis::TicksFixed);
        v->setRange(figure_.xRange->first, figure_.xRange->second);
        v->setTickCount(11);
        fixedLabels(v);
    } else if (figure_.integerX) {
        integerTicks(v, xSpan);
    } else {
        v->setTickType(QValueAxis::TicksFixed);
        niceRange(v);
        fixedLabels(v);
    }
}

void ChartBinding::resetZoom() {
    userZoomed_ = false;
    chart_->zoomReset();
    fitRanges();
}

} // namespace rsui
