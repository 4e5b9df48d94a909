#include "ui/figures/smoothing.h"

#include <cmath>

namespace rsui {

QList<QPointF> emaSmooth(const QList<QPointF>& points, double weight) {
    if (!(weight > 0.0)) {
        return points;
    }
    weight = std::min(weight, 0.999);
    QList<QPointF> out;
    out.reserve(points.size());
    double acc = 0.0;
    int n = 0;
    for (const auto& p : points) {
        if (!std::isfinite(p.y())) {
            out.push_back(p);
            continue;
        }
        acc = weight * acc + (1.0 - weight) * p.y();
        ++n;
        out.push_back({p.x(), acc / (1.0 - std::pow(weight, n))});
    }
    return out;
}

} // namespace rsui
