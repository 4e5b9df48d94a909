#pragma once

#include <QList>
#include <QPointF>

namespace rsui {

// Exponential moving average of the y values in x order, debiased as TensorBoard's smoothing
// slider does: s_i = a_i / (1 - w^n_i) with a_i = w a_(i-1) + (1 - w) y_i, n_i counting the
// finite values so far, so the first point is not pulled towards zero. Non-finite values are
// kept as they are and skipped by the average. weight 0 returns the input; weight in [0, 1).
QList<QPointF> emaSmooth(const QList<QPointF>& points, double weight);

} // namespace rsui
