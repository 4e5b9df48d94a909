#include "ui/figures/axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace rsui {

namespace {

// The SI prefix for an axis reaching `magnitude`, as a power of ten (0: none).
int siPower(double magnitude) {
    if (magnitude >= 1e9) {
        return 9;
    }
    if (magnitude >= 1e6) {
        return 6;
    }
    return magnitude >= 1e4 ? 3 : 0;
}

QString siSuffix(int power) {
    switch (power) {
    case 3:
        return QStringLiteral("k");
    case 6:
        return QStringLiteral("M");
    case 9:
        return QStringLiteral("G");
    default:
        return {};
    }
}

// The decimals a value of the form m x 10^k needs (m = 1, 2, 2.5, 5 or a digit).
int decimalsOf(double step) {
    for (int d = 0; d < 10; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) {
            return d;
        }
    }
    return 10;
}

} // namespace

QString tickLabel(double v, double step, double magnitude) {
    const int power = siPower(magnitude);
    const double unit = std::pow(10.0, power);
    const double scaled = v / unit;
    const int d = step > 0 ? decimalsOf(step / unit) : 2;
    if (std::abs(scaled) < 0.5 * std::pow(10.0, -d)) {
        return QStringLiteral("0");
    }
    return QString::number(scaled, 'f', d) + siSuffix(power);
}

std::vector<AxisTick> linearTicks(double lo, double hi, bool integer) {
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
        return {};
    }
    const double raw = (hi - lo) / 6.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10.0 * mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * mag >= raw * 0.999) {
            step = m * mag;
            break;
        }
    }
    if (integer) {
        step = std::max(1.0, std::round(step == 2.5 * mag ? 2 * mag : step));
    }
    const double magnitude = std::max(std::abs(lo), std::abs(hi));
    std::vector<AxisTick> out;
    const double first = std::ceil(lo / step - 1e-9);
    for (double i = first; i * step <= hi + 1e-9 * step; i += 1.0) {
        const double v = i * step;
        out.push_back({v, tickLabel(v, step, magnitude)});
    }
    return out;
}

std::vector<AxisTick> logTicks(double lo, double hi) {
    if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi)) {
        return {};
    }
    const double decades = std::log10(hi / lo);
    std::vector<double> mantissas{1, 2, 5};
    int decadeStep = 1;
    if (decades < 1.2) {
        mantissas = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    } else if (decades > 3) {
        mantissas = {1};
        decadeStep = int(std::ceil(decades / 6.0));
    }
    const int k0 = int(std::floor(std::log10(lo))), k1 = int(std::ceil(std::log10(hi)));
    std::vector<double> values;
    for (int k = k0; k <= k1; ++k) {
        if (decadeStep > 1 && ((k % decadeStep) + decadeStep) % decadeStep != 0) {
            continue;
        }
        for (double m : mantissas) {
            const double v = m * std::pow(10.0, k);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                values.push_back(v);
            }
        }
    }
    if (values.size() > 10 && mantissas.size() > 3) { // a dense decade: every other digit
        std::vector<double> thin;
        for (double v : values) {
            const double m = v / std::pow(10.0, std::floor(std::log10(v) + 1e-9));
            if (std::lround(m) % 2 == 1 || std::lround(m) == 2) {
                thin.push_back(v);
            }
        }
        values = thin;
    }
    if (values.size() < 3) { // a fraction of a decade: round linear steps read better
        std::vector<AxisTick> linear;
        for (const auto& t : linearTicks(lo, hi)) {
            if (t.value > 0) {
                linear.push_back(t);
            }
        }
        return linear;
    }
    std::vector<AxisTick> out;
    for (double v : values) {
        // Each label as precise as its own decade, with its own prefix: 0.002, 0.05, 3, 20k, 1M.
        out.push_back({v, tickLabel(v, std::pow(10.0, std::floor(std::log10(v) + 1e-9)), v)});
    }
    return out;
}

} // namespace rsui
