#include "core/analysis/dynamics.h"

#include <algorithm>
#include <cmath>

namespace rs {

using namespace analysis;

namespace {

std::string metricWord(const StudyOptions& o) {
    return o.metric == Metric::PR ? std::string("PR") : std::string(key(o.metric));
}

// "no sudden drop detected in k of n runs … the rule's power …": an absence from a few marks
// is stated with what the marks could have shown.
std::string dropText(int detected, int enough, const std::string& list,
                     const std::vector<double>& powers) {
    std::string s = "Sudden drops (phase transitions, step model preferred by ΔBIC > " +
                    num(kPhaseMinDeltaBic) + " with a drop of at least " +
                    num(100 * kPhaseMinDrop) + " % of the range): detected in " +
                    std::to_string(detected) + " of " + std::to_string(enough) +
                    " runs with at least " + std::to_string(kPhaseMinCheckpoints) + " checkpoints" +
                    (list.empty() ? "" : " (" + list + ")") + "; no sudden drop detected in " +
                    std::to_string(enough - detected) + ".";
    const auto p = finite(powers);
    if (!p.empty()) {
        s += " Detection power at these marks and each run's observed noise: a drop of " +
             num(100 * kPowerDrop) + " % of the range inserted before a random mark is found in " +
             fmt("%.0f", 100 * stats::mean(p)) + " % of " + std::to_string(kPowerTrials) +
             " simulated trajectories per run (mean over " + std::to_string(p.size()) +
             " runs), so an undetected drop of that size " +
             (stats::mean(p) >= 0.8 ? "is unlikely." : "is not ruled out.");
    }
    return s;
}

// The coupling over runs: mean r with a t interval on Fisher's z, a verdict only when the
// interval lies on one side of kCouplingTied.
std::string couplingText(const std::vector<double>& couplings, const StudyOptions& o) {
    std::string s = " Rank-loss coupling: partial correlation of d" + metricWord(o) +
                    "/dlog t with dLoss/dlog t over checkpoint intervals after the "
                    "initialisation one, log tokens partialled out (both fall fastest early; that "
                    "shared trend is removed): ";
    std::vector<double> z;
    for (double r : couplings) {
        z.push_back(std::atanh(std::clamp(r, -0.999999, 0.999999)));
    }
    if (z.size() < 2) {
        return s + (z.empty() ? "not available (fewer than four intervals)."
                              : "r = " + num(couplings[0]) + " from one run, no interval.");
    }
    const auto ci = stats::tMeanCI(z);
    const double m = std::tanh(stats::mean(z)), lo = std::tanh(ci.lo), hi = std::tanh(ci.hi);
    s += "mean r = " + num(m) + ", 95 % CI [" + num(lo) + ", " + num(hi) + "] over " +
         std::to_string(z.size()) + " runs (t on Fisher's z)";
    return s + (lo > kCouplingTied ? ": rank falls while the loss falls, not on plateaus."
                : hi < kCouplingTied
                    ? ": rank changes are not tightly tied to loss descent (the interval lies "
                      "below " +
                          num(kCouplingTied) + ")."
                    : ": whether rank changes are tied to loss descent is not settled.");
}

} // namespace

Dynamics analyzeDynamics(const std::vector<const RunSnapshot*>& runs, const StudyOptions& o) {
    Dynamics res;
    int detected = 0, enough = 0;
    std::vector<double> couplings, powers;
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
        if (d.transition.enough_points && finite(y).size() == y.size()) {
            const auto fit = fitSmooth(t, y);
            const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
            d.power = dropDetectionPower(t, fit.fitted, fit.noise_sd, kPowerDrop * (*hi - *lo),
                                         kPowerTrials, mix(o.seed, "power" + r->name));
            powers.push_back(d.power);
        }
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
    res.claim = dropText(detected, enough, list, powers) + couplingText(couplings, o);
    return res;
}

} // namespace rs
