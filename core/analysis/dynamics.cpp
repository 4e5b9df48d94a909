#include "core/analysis/dynamics.h"

#include <algorithm>
#include <cmath>

namespace rs {

using namespace analysis;

Dynamics analyzeDynamics(const std::vector<const RunSnapshot*>& runs, const StudyOptions& o) {
    Dynamics res;
    int detected = 0, enough = 0;
    std::vector<double> couplings;
    std::string list;
    for (const auto* r : runs) {
        RunDynamics d;
        d.run = r->name;
        d.cell = r->cell;
        std::vector<double> t, y, loss;
        for (const auto& p : r->probes) {
            t.push_back(double(p.tokens));
            y.push_back(p.value(o.qk, o.tap, o.metric, -1, -1));
            double l = kNaN;
            for (const auto& v : r->val_loss) {
                if (v.tokens == p.tokens) {
                    l = v.value;
                }
            }
            loss.push_back(l);
        }
        d.transition = detectPhaseTransition(t, y);
        d.coupling = rankLossCoupling(t, y, loss);
        enough += d.transition.enough_points ? 1 : 0;
        if (d.transition.detected) {
            ++detected;
            list += (list.empty() ? "" : "; ") + r->name + " between " +
                    num(d.transition.before_tokens) + " and " + num(d.transition.onset_tokens) +
                    " tokens (jump " + num(d.transition.magnitude) + ", ΔBIC " +
                    num(d.transition.delta_bic) + ")";
        }
        if (std::isfinite(d.coupling)) {
            couplings.push_back(d.coupling);
        }
        res.runs.push_back(d);
    }
    std::sort(couplings.begin(), couplings.end());
    const double median = couplings.empty() ? kNaN : couplings[couplings.size() / 2];
    res.claim =
        "Sudden drops (phase transitions, step model preferred by ΔBIC > " +
        num(kPhaseMinDeltaBic) + " with a drop of at least " + num(100 * kPhaseMinDrop) +
        " % of the range) were detected in " + std::to_string(detected) + " of " +
        std::to_string(enough) + " runs with at least " + std::to_string(kPhaseMinCheckpoints) +
        " checkpoints" + (list.empty() ? "" : ": " + list) +
        (detected < enough ? "; the others decay gradually" : "") +
        ". Median partial correlation of dPR/dlog t with dLoss/dlog t over checkpoint intervals, "
        "log tokens partialled out (both fall fastest early; that shared trend is removed): r = " +
        num(median) +
        (std::isfinite(median)
             ? (median > kCouplingTied ? " (rank falls while the loss falls, not on plateaus)."
                                       : " (rank changes are not tied to loss descent; drops can "
                                         "coincide with plateaus).")
             : ".");
    return res;
}

} // namespace rs
