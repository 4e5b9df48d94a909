#include "core/analysis/gamma_proxy.h"

#include "core/analysis/effects.h"
#include "core/analysis/evidence.h"
#include "core/spectral/metrics.h"

#include <cmath>
#include <map>

namespace rs {

using namespace analysis;

namespace {

// Per layer, mean over KV heads of a gamma statistic at the run's last probe.
std::vector<double> byLayer(const ProbeSummary& p, double GammaSummary::*field) {
    std::vector<double> out;
    for (int l = 0; l < p.layers; ++l) {
        std::vector<double> v;
        for (const auto& gs : p.gammas) {
            if (gs.qk == QK::K && gs.layer == l) {
                v.push_back(gs.*field);
            }
        }
        v = finite(v);
        out.push_back(v.empty() ? kNaN : stats::mean(v));
    }
    return out;
}

double ablationSpearman(const SurgeryAblation& a) {
    std::map<std::pair<int, int>, std::pair<std::vector<double>, std::vector<double>>> by;
    for (const auto& row : a.rows) {
        if (std::isfinite(row.gamma) && std::isfinite(row.delta)) {
            by[{row.layer, row.kv_head}].first.push_back(std::abs(row.gamma));
            by[{row.layer, row.kv_head}].second.push_back(row.delta);
        }
    }
    std::vector<double> rho;
    for (const auto& [key, v] : by) {
        rho.push_back(spearman(v.first, v.second));
    }
    rho = finite(rho);
    return rho.empty() ? kNaN : stats::mean(rho);
}

void surgeryAreas(GammaProxy& g, const SurgerySweep& sw) {
    g.checkpoint = sw.checkpoint;
    std::map<Strategy, std::map<double, std::vector<double>>> by;
    for (const auto& row : sw.rows) {
        by[row.strategy][row.fraction].push_back(row.loss);
    }
    auto curve = [&](Strategy s, std::vector<double>& fx, std::vector<double>& ly) {
        for (const auto& [f, v] : by[s]) {
            fx.push_back(f);
            ly.push_back(stats::mean(v));
        }
    };
    std::vector<double> fg, lg, fs, ls, fr, lr, fe, le;
    curve(Strategy::Gamma, fg, lg);
    curve(Strategy::Svd, fs, ls);
    curve(Strategy::Random, fr, lr);
    curve(Strategy::Energy, fe, le);
    if (lg.empty() || fg != fs || fs != fr) {
        return;
    }
    if (fe == fg) {
        std::vector<double> ge(lg.size()), re(lg.size());
        for (size_t i = 0; i < lg.size(); ++i) {
            ge[i] = lg[i] - le[i];
            re[i] = lr[i] - le[i];
        }
        g.area_gamma_energy = stats::trapezoid(fg, ge);
        g.area_random_energy = stats::trapezoid(fg, re);
    }
    g.has_sweep = true;
    std::vector<double> gs(lg.size()), rs_(lg.size()), rg(lg.size());
    for (size_t i = 0; i < lg.size(); ++i) {
        gs[i] = lg[i] - ls[i];
        rs_[i] = lr[i] - ls[i];
        rg[i] = lr[i] - lg[i];
    }
    g.area_gamma_svd = stats::trapezoid(fg, gs);
    g.area_random_svd = stats::trapezoid(fg, rs_);
    g.area_random_gamma = stats::trapezoid(fg, rg);
    g.ratio = g.area_random_svd > 0 ? g.area_gamma_svd / g.area_random_svd : kNaN;
}

// "m [lo, hi]" of one gamma measure over a cell's seeds (finite values only); "" when none.
std::string meanWithCI(std::vector<double> v) {
    v = finite(v);
    if (v.empty()) {
        return "";
    }
    if (v.size() < 2) {
        return num(v[0]) + " (one seed)";
    }
    const auto ci = stats::tMeanCI(v);
    return num(stats::mean(v)) + " [95% CI " + num(ci.lo) + ", " + num(ci.hi) + "]";
}

// The measures of gamma as a proxy over one run or a cell's seeds, one value per run.
struct Measures {
    std::vector<double> ablation, overlap[3], pre, post, area_gamma_svd, area_random_svd;
    std::vector<double> ratio, area_gamma_energy;
    void add(const GammaProxy& g) {
        ablation.push_back(g.has_ablation ? g.spearman_ablation : kNaN);
        for (int i = 0; i < 3; ++i) {
            overlap[i].push_back(g.overlap[i]);
        }
        pre.push_back(stats::mean(finite(g.spearman_pregain_by_layer)));
        post.push_back(stats::mean(finite(g.spearman_postgain_by_layer)));
        if (g.has_sweep) {
            area_gamma_svd.push_back(g.area_gamma_svd);
            area_random_svd.push_back(g.area_random_svd);
            ratio.push_back(g.ratio);
            area_gamma_energy.push_back(g.area_gamma_energy);
        }
    }
};

// The surgery rule on the seeds' ratios, in words.
std::string ruleText(const Measures& m, bool one_run) {
    const auto r = gammaRule(m.ratio);
    std::string s = " Surgery rule (γ a reliable pruning guide when area(γ − SVD) < " +
                    num(kGammaReliableRatio) + " × area(random − SVD), misleading above " +
                    num(kGammaMisleadingRatio) + "): ratio " +
                    (one_run || r.n < 2 ? num(r.mean) : meanWithCI(m.ratio));
    if (r.n == 0) {
        return s + " (undefined: random pruning costs no more than SVD pruning here): no "
                   "verdict.";
    }
    if (one_run || r.n < 2) {
        return s + " from one run, no interval: no verdict.";
    }
    return s + ": " + r.verdict + ".";
}

// Gamma against the best axis-aligned choice: the area between their loss curves.
std::string energyText(const Measures& m, bool one_run) {
    const auto v = finite(m.area_gamma_energy);
    if (v.empty()) {
        return "";
    }
    std::string s = " Against the best axis-aligned choice (the axes with the smallest "
                    "pre-gain energy share), area(γ − energy) = " +
                    (one_run ? num(v[0]) : meanWithCI(m.area_gamma_energy));
    if (one_run || v.size() < 2) {
        return s + ".";
    }
    const auto ci = stats::tMeanCI(v);
    return s + (ci.lo > 0   ? ": gamma prunes worse than the energy order."
                : ci.hi < 0 ? ": gamma prunes better than the energy order."
                            : ": no difference from the energy order is established.");
}

// One run is judged by its value, a cell by its interval (two seeds at least); "" when neither.
std::string verdictOn(const Evidence& e, const std::vector<double>& values, bool one_run) {
    const auto v = finite(values);
    if (one_run && v.size() == 1) {
        return judge(e, v[0], v[0]);
    }
    if (one_run || v.size() < 2) {
        return "";
    }
    const auto ci = stats::tMeanCI(v);
    return judge(e, ci.lo, ci.hi);
}

// The claim rests on the gamma-free measures: ablation first, then the subspace overlap; the
// post-gain correlation (it contains γ²) and the surgery areas are reported beside it.
std::string gammaClaim(const std::string& subject, const Measures& m, bool one_run,
                       const std::string& ablation_detail) {
    auto text = [one_run](const std::vector<double>& v) {
        const auto f = finite(v);
        return one_run || f.empty() ? num(f.empty() ? kNaN : f[0]) : meanWithCI(v);
    };
    std::string verdict = verdictOn(kAblationEvidence, m.ablation, one_run), evidence;
    if (!finite(m.ablation).empty()) {
        evidence =
            std::string(kAblationEvidence.measure) + " = " + text(m.ablation) + ablation_detail;
    }
    if (!finite(m.overlap[1]).empty()) {
        if (verdict.empty()) {
            verdict = verdictOn(kOverlapEvidence, m.overlap[1], one_run);
        }
        evidence += std::string(evidence.empty() ? "" : "; ") +
                    "overlap of the k smallest-|γ| axes with the bottom-k singular subspace of "
                    "the pre-gain K " +
                    text(m.overlap[0]) + " / " + text(m.overlap[1]) + " / " + text(m.overlap[2]) +
                    " at k = 25 / 50 / 75 % of d (chance 0.25 / 0.5 / 0.75)";
    }
    if (verdict.empty()) {
        return "";
    }
    std::string s = "Gamma as a proxy " + subject + ": " + verdict + " (" + evidence +
                    "; ρ(|γ|, pre-gain energy share) = " + text(m.pre) + ", against " +
                    (one_run ? "ρ = " : "") + text(m.post) +
                    " for the post-gain share, which contains γ² and is not evidence).";
    if (!m.area_gamma_svd.empty()) {
        s += (one_run ? std::string(" Surgery")
                      : " Surgery (" + std::to_string(m.area_gamma_svd.size()) + " sweeps)") +
             ": area between the gamma and SVD loss curves " + text(m.area_gamma_svd) +
             ", between random and SVD " + text(m.area_random_svd) + " (nats × fraction pruned";
        s += ")." + ruleText(m, one_run) + energyText(m, one_run);
    }
    return s;
}

std::string gammaCellClaim(const std::string& cell, const std::vector<const GammaProxy*>& gs) {
    Measures m;
    for (const auto* g : gs) {
        m.add(*g);
    }
    const std::string subject = "in " + cell + " (n = " + std::to_string(gs.size()) +
                                (gs.size() == 1 ? " run, " + gs.front()->run : " seeds") + ")";
    return gammaClaim(subject, m, false, "");
}

} // namespace

GammaProxy gammaProxy(const RunSnapshot& r) {
    GammaProxy g;
    g.run = r.name;
    g.cell = r.cell;
    if (const auto* p = r.lastProbe()) {
        g.spearman_pregain_by_layer = byLayer(*p, &GammaSummary::spearman_pregain);
        g.spearman_postgain_by_layer = byLayer(*p, &GammaSummary::spearman);
        for (int i = 0; i < 3; ++i) {
            std::vector<double> v;
            for (const auto& gs : p->gammas) {
                if (gs.qk == QK::K) {
                    v.push_back(gs.overlap[i]);
                }
            }
            v = finite(v);
            g.overlap[i] = v.empty() ? kNaN : stats::mean(v);
        }
        if (p->gammas.empty()) {
            g.spearman_pregain_by_layer.clear();
            g.spearman_postgain_by_layer.clear();
        }
    }
    if (!r.ablations.empty()) {
        g.has_ablation = true;
        g.ablation_checkpoint = r.ablations.back().checkpoint;
        g.spearman_ablation = ablationSpearman(r.ablations.back());
    }
    if (!r.surgery.empty()) {
        surgeryAreas(g, r.surgery.back());
    }
    Measures m;
    m.add(g);
    const std::string at =
        " (mean over layers and KV heads, at " + std::to_string(g.ablation_checkpoint) + " tokens)";
    g.claim = gammaClaim("on " + g.run, m, true, at);
    return g;
}

GammaRule gammaRule(const std::vector<double>& ratios) {
    GammaRule r;
    const auto v = finite(ratios);
    r.n = int(v.size());
    if (v.empty()) {
        r.verdict = "undetermined";
        return r;
    }
    r.mean = stats::mean(v);
    if (v.size() < 2) {
        r.verdict = "undetermined";
        return r;
    }
    r.ci = stats::tMeanCI(v);
    r.verdict = r.ci.hi < kGammaReliableRatio     ? "reliable"
                : r.ci.lo > kGammaMisleadingRatio ? "misleading"
                : r.ci.lo >= kGammaReliableRatio && r.ci.hi <= kGammaMisleadingRatio
                    ? "between the thresholds"
                    : "undetermined (the interval spans a threshold)";
    return r;
}

std::vector<std::string> gammaCellClaims(const std::vector<GammaProxy>& gamma) {
    std::map<std::string, std::vector<const GammaProxy*>> byCell;
    for (const auto& g : gamma) {
        byCell[g.cell].push_back(&g);
    }
    std::vector<std::string> out;
    for (const auto& [cell, gs] : byCell) {
        if (auto c = gammaCellClaim(cell, gs); !c.empty()) {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace rs
