#pragma once

#include <QString>

#include <vector>

namespace rsui {

// Where an axis puts its ticks and what they read, as plain values (ChartBinding draws them):
// round steps, as many decimals as the step needs and no more, SI prefixes for large numbers
// (655k, 1.2M), labelled ticks between the decades of a logarithmic axis.
struct AxisTick {
    double value;
    QString label;
};

// Ticks at multiples of a 1, 2, 2.5 or 5 x 10^k step giving 4-8 intervals inside [lo, hi]
// (`integer`: whole steps only).
std::vector<AxisTick> linearTicks(double lo, double hi, bool integer = false);
// Ticks at 1, 2, 5 x 10^k (1-9 x 10^k over about a decade, linear steps where fewer than three
// of those fall inside; every other decade over many) inside [lo, hi], lo > 0.
std::vector<AxisTick> logTicks(double lo, double hi);
// `v` with the decimals a tick `step` needs, in k (from 10,000), M or G by the axis' largest
// absolute value `magnitude`; "0" for zero, never "-0".
QString tickLabel(double v, double step, double magnitude);

} // namespace rsui
