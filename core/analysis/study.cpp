#include "core/analysis/study.h"
#include "core/spectral/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace rs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

std::string num(double v) {
    return std::isfinite(v) ? fmt("%.3g", v) : std::string("n/a");
}

uint64_t mix(uint64_t seed, const std::string& key) {
    return seed * 1000003ULL ^ std::hash<std::string>{}(key);
}

std::vector<double> finite(const std::vector<double>& v) {
    std::vector<double> out;
    for (double x : v) {
        if (std::isfinite(x)) {
            out.push_back(x);
        }
    }
    return out;
}

Summary summarize(const std::vector<double>& v) {
    Summary s;
    s.values = finite(v);
    s.n = int(s.values.size());
    s.mean = s.n ? stats::mean(s.values) : kNaN;
    s.sd = stats::sd(s.values);
    s.ci = stats::tMeanCI(s.values);
    return s;
}

Effect effectOf(const std::vector<double>& a, const std::vector<double>& b, int layer,
                uint64_t seed) {
    Effect e;
    e.layer = layer;
    e.delta = stats::mean(a) - stats::mean(b);
    e.ci = stats::welchDiffCI(a, b);
    e.p = stats::permutationTest(a, b, seed);
    e.p_holm = e.p.p;
    e.min_p = stats::smallestPermutationP(int(a.size()), int(b.size()));
    return e;
}

Effect pairedEffectOf(const std::vector<double>& d, int layer, uint64_t seed) {
    Effect e;
    e.layer = layer;
    e.delta = stats::mean(d);
    e.ci = stats::tMeanCI(d);
    e.p = stats::signFlipTest(d, seed);
    e.p_holm = e.p.p;
    e.min_p = stats::smallestSignFlipP(int(d.size()));
    e.paired = true;
    return e;
}

// Per-layer p-values adjusted together (Holm), kept beside the raw ones.
void holmAcrossLayers(std::vector<Effect>& layers) {
    std::vector<double> ps;
    for (const auto& e : layers) {
        ps.push_back(e.p.p);
    }
    const auto adj = stats::holm(ps);
    for (size_t l = 0; l < layers.size(); ++l) {
        layers[l].p_holm = adj[l];
    }
}

// Can the test reject at all with these seeds? If not, no claim either way.
bool determinable(const Effect& e, double alpha) {
    return e.min_p <= alpha && std::isfinite(e.ci.lo);
}

bool significant(const Effect& e, double alpha) {
    return determinable(e, alpha) && e.p.p < alpha && (e.ci.lo > 0 || e.ci.hi < 0);
}

// Marks probed by every run of the list, ascending.
std::vector<int64_t> sharedMarks(const std::vector<const RunSnapshot*>& runs) {
    std::set<int64_t> shared;
    for (size_t i = 0; i < runs.size(); ++i) {
        std::set<int64_t> t;
        for (const auto& p : runs[i]->probes) {
            t.insert(p.tokens);
        }
        if (i == 0) {
            shared = t;
            continue;
        }
        std::set<int64_t> keep;
        std::set_intersection(shared.begin(), shared.end(), t.begin(), t.end(),
                              std::inserter(keep, keep.begin()));
        shared = keep;
    }
    return {shared.begin(), shared.end()};
}

double valueAt(const RunSnapshot& r, const StudyOptions& o, int64_t mark, int layer) {
    const auto* p = r.probeAt(mark);
    return p ? p->value(o.qk, o.tap, o.metric, layer, -1) : kNaN;
}

// Mean of the trajectory over log tokens (trapezoid / span) for marks in (0, last]: an area
// that weighs early and late training alike, so a faster fall shows even at an equal end.
double logTimeMean(const RunSnapshot& r, const StudyOptions& o, const std::vector<int64_t>& marks) {
    std::vector<double> x, y;
    for (auto m : marks) {
        const double v = valueAt(r, o, m, -1);
        if (m > 0 && std::isfinite(v)) {
            x.push_back(std::log(double(m)));
            y.push_back(v);
        }
    }
    if (x.size() < 2) {
        return kNaN;
    }
    return stats::trapezoid(x, y) / (x.back() - x.front());
}

CellStats cellStats(const std::string& cell, const std::vector<const RunSnapshot*>& members,
                    const StudyOptions& o) {
    CellStats cs;
    cs.cell = cell;
    for (const auto* r : members) {
        cs.runs.push_back(r->name);
    }
    cs.marks = sharedMarks(members);
    for (auto t : cs.marks) {
        std::vector<double> v;
        for (const auto* r : members) {
            v.push_back(valueAt(*r, o, t, -1));
        }
        cs.overall.push_back(summarize(v));
    }
    if (!cs.marks.empty()) {
        int layers = 0;
        for (const auto* r : members) {
            layers = std::max(layers, r->probeAt(cs.marks.back())->layers);
        }
        for (int l = 0; l < layers; ++l) {
            std::vector<double> v;
            for (const auto* r : members) {
                v.push_back(valueAt(*r, o, cs.marks.back(), l));
            }
            cs.final_by_layer.push_back(summarize(v));
        }
    }
    std::vector<double> vl;
    for (const auto* r : members) {
        if (!r->val_loss.empty()) {
            vl.push_back(r->val_loss.back().value);
        }
    }
    cs.final_val_loss = vl.empty() ? kNaN : stats::mean(finite(vl));
    return cs;
}

std::string seedsText(int na, int nb) {
    if (na == nb) {
        return "n = " + std::to_string(na) + (na == 1 ? " seed per cell" : " seeds per cell");
    }
    return "n = " + std::to_string(na) + " and " + std::to_string(nb) + " seeds";
}

// How a comparison's level claim is worded when it is decided.
struct Words {
    std::string diff;          // "A1 − A2"
    std::string lower, higher; // full sentences without the numbers
};

// The sentence a level effect supports: undetermined when the test cannot reject at this n;
// a direction when significant; otherwise "not detected" with the differences still allowed,
// never a null.
std::string levelClaim(const Comparison& c, const Words& w, const std::string& what, double alpha) {
    const auto d = describeEffect(c.overall, c.na, c.nb);
    if (!determinable(c.overall, alpha)) {
        const std::string n = c.overall.paired ? "n = " + std::to_string(c.na) + " paired runs"
                                               : seedsText(c.na, c.nb);
        return "Undetermined with " + n +
               " (smallest achievable p = " + fmt("%.3g", c.overall.min_p) +
               ", above α = " + fmt("%.3g", alpha) + "): " + what + ", " + w.diff + ": " + d + ".";
    }
    if (significant(c.overall, alpha)) {
        return (c.overall.delta < 0 ? w.lower : w.higher) + " (" + w.diff + ": " + d + ").";
    }
    return "No difference in " + what + " was detected (" + w.diff + ": " + d +
           "); the interval still allows differences from " + num(c.overall.ci.lo) + " to " +
           num(c.overall.ci.hi) + ", so no absence of an effect is claimed.";
}

// The rate sentence: the trajectories' means over log tokens, compared like the level.
std::string rateClaim(const Comparison& c, double alpha) {
    if (!c.rate_available) {
        return "";
    }
    const auto& e = c.rate;
    std::string verdict =
        !determinable(e, alpha) ? "undetermined at this n"
        : significant(e, alpha)
            ? (e.delta < 0 ? "lower over training as a whole" : "higher over training as a whole")
            : "no difference over training detected";
    const std::string ci = std::isfinite(e.ci.lo)
                               ? "95% CI [" + num(e.ci.lo) + ", " + num(e.ci.hi) + "]"
                               : std::string("no interval below two seeds");
    return " Over training (the trajectory's mean over log tokens, marks > 0): Δ = " +
           num(e.delta) + ", " + ci + ", p = " + fmt("%.3g", e.p.p) + " — " + verdict + ".";
}

} // namespace

std::vector<const RunSnapshot*> studyRuns(const std::vector<const RunSnapshot*>& all,
                                          std::vector<ExcludedRun>* excluded) {
    std::vector<const RunSnapshot*> runs;
    for (const auto* r : all) {
        std::string reason;
        if (r->status.state != RunState::Done) {
            reason = r->status.last_error.empty() ? "not finished" : r->status.last_error;
        } else if (r->probes.empty()) {
            reason = "finished without a probe";
        }
        if (reason.empty()) {
            runs.push_back(r);
        } else if (excluded) {
            excluded->push_back({r->name, r->cell, toString(r->status.state), reason});
        }
    }
    return runs;
}

std::vector<CellMetricRow> cellMetricTable(const std::vector<const RunSnapshot*>& all) {
    std::vector<CellMetricRow> out;
    for (const auto& [cell, members] : groupByCell(studyRuns(all))) {
        for (auto tokens : sharedMarks(members)) {
            // Values keyed by representation and metric, one per seed.
            std::map<std::tuple<int, int, QK, Tap, Metric>, std::vector<double>> values;
            for (const auto* r : members) {
                for (const auto& rep : r->probeAt(tokens)->reps) {
                    for (const auto& [metric, name] : kMetricNames) {
                        values[{rep.layer, rep.head, rep.qk, rep.tap, metric}].push_back(
                            rep.metrics[metric]);
                    }
                }
            }
            for (const auto& [key, v] : values) {
                CellMetricRow row;
                row.cell = cell;
                row.tokens = tokens;
                row.layer = std::get<0>(key);
                row.head = std::get<1>(key);
                row.qk = std::get<2>(key);
                row.tap = std::get<3>(key);
                row.metric = std::get<4>(key);
                row.summary = summarize(v);
                out.push_back(std::move(row));
            }
        }
    }
    return out;
}

std::string describeEffect(const Effect& e, int na, int nb) {
    const std::string ci = !std::isfinite(e.ci.lo)
                               ? std::string("no interval below two seeds")
                               : "95% CI [" + num(e.ci.lo) + ", " + num(e.ci.hi) + "]" +
                                     (e.paired ? " (Student t)" : " (Welch t)");
    const std::string test =
        e.paired ? std::string(e.p.exact ? " (exact sign-flip test over "
                                         : " (Monte-Carlo sign-flip test, ") +
                       std::to_string(e.p.permutations) +
                       " sign patterns), n = " + std::to_string(na) + " paired runs"
                 : std::string(e.p.exact ? " (exact permutation test, "
                                         : " (Monte-Carlo permutation test, ") +
                       std::to_string(e.p.permutations) + " relabellings), " + seedsText(na, nb);
    return "Δ = " + num(e.delta) + ", " + ci + ", p = " + fmt("%.3g", e.p.p) + test;
}

namespace {

using Groups = std::map<std::string, std::vector<const RunSnapshot*>>;

// Two cells at their common final checkpoint: level overall and per layer, and the rate.
Comparison compareCells(const Groups& groups, const StudyOptions& o, const std::string& id,
                        const std::string& question, const std::string& a, const std::string& b) {
    Comparison c;
    c.id = id;
    c.question = question;
    c.a = a;
    c.b = b;
    auto ia = groups.find(a), ib = groups.find(b);
    if (ia == groups.end() || ib == groups.end()) {
        c.why_unavailable = "needs finished, probed runs of cells " + a + " and " + b;
        return c;
    }
    std::vector<const RunSnapshot*> both = ia->second;
    both.insert(both.end(), ib->second.begin(), ib->second.end());
    const auto marks = sharedMarks(both);
    if (marks.empty()) {
        c.why_unavailable = "cells " + a + " and " + b + " share no probed checkpoint";
        return c;
    }
    c.tokens = marks.back();
    auto values = [&](const std::vector<const RunSnapshot*>& runs, int layer) {
        std::vector<double> v;
        for (const auto* r : runs) {
            v.push_back(valueAt(*r, o, c.tokens, layer));
        }
        return finite(v);
    };
    const auto va = values(ia->second, -1), vb = values(ib->second, -1);
    c.na = int(va.size());
    c.nb = int(vb.size());
    if (va.empty() || vb.empty()) {
        c.why_unavailable = std::string("no finite ") + key(o.metric) + " at the common checkpoint";
        return c;
    }
    c.available = true;
    c.overall = effectOf(va, vb, -1, mix(o.seed, id));
    int layers = std::numeric_limits<int>::max();
    for (const auto* r : both) {
        layers = std::min(layers, r->probeAt(c.tokens)->layers);
    }
    for (int l = 0; l < layers; ++l) {
        c.layers.push_back(effectOf(values(ia->second, l), values(ib->second, l), l,
                                    mix(o.seed, id + std::to_string(l))));
    }
    holmAcrossLayers(c.layers);
    auto rates = [&](const std::vector<const RunSnapshot*>& runs) {
        std::vector<double> v;
        for (const auto* r : runs) {
            v.push_back(logTimeMean(*r, o, marks));
        }
        return finite(v);
    };
    const auto ra = rates(ia->second), rb = rates(ib->second);
    c.rate_available = !ra.empty() && !rb.empty();
    if (c.rate_available) {
        c.rate = effectOf(ra, rb, -1, mix(o.seed, id + "rate"));
    }
    return c;
}

// Every run's last against its first shared mark, each run paired with itself: pooled over the
// cells, four seeds per cell already reach p < 0.05 (a single cell's four could not: 2/16).
Comparison compareOverTime(const Groups& groups, const StudyOptions& o) {
    Comparison c;
    c.id = "time";
    c.question = "Does the key rank change over training (every run, final against first "
                 "checkpoint)?";
    c.a = "final";
    c.b = "first";
    std::vector<const RunSnapshot*> all;
    for (const auto& [cell, runs] : groups) {
        all.insert(all.end(), runs.begin(), runs.end());
    }
    const auto marks = sharedMarks(all);
    if (marks.size() < 2) {
        c.why_unavailable = "needs finished runs with at least two probed checkpoints in common";
        return c;
    }
    c.tokens = marks.back();
    auto diffs = [&](int layer) {
        std::vector<double> d;
        for (const auto* r : all) {
            d.push_back(valueAt(*r, o, marks.back(), layer) - valueAt(*r, o, marks.front(), layer));
        }
        return finite(d);
    };
    const auto d = diffs(-1);
    c.available = !d.empty();
    c.na = c.nb = int(d.size());
    if (!c.available) {
        c.why_unavailable =
            std::string("no finite ") + key(o.metric) + " at the first and last checkpoint";
        return c;
    }
    c.overall = pairedEffectOf(d, -1, mix(o.seed, "time"));
    const int layers = all.front()->probeAt(marks.back())->layers;
    for (int l = 0; l < layers; ++l) {
        c.layers.push_back(pairedEffectOf(diffs(l), l, mix(o.seed, "time" + std::to_string(l))));
    }
    holmAcrossLayers(c.layers);
    return c;
}

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

// Spearman(|gamma|, ablation loss increase) per (layer, KV head), then the mean.
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
    std::vector<double> fg, lg, fs, ls, fr, lr;
    curve(Strategy::Gamma, fg, lg);
    curve(Strategy::Svd, fs, ls);
    curve(Strategy::Random, fr, lr);
    if (lg.empty() || fg != fs || fs != fr) {
        return;
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

// The claim rests on the gamma-free measures: ablation first, then the subspace overlap.
std::string gammaClaim(const GammaProxy& g) {
    const double pre = stats::mean(finite(g.spearman_pregain_by_layer));
    const double post = stats::mean(finite(g.spearman_postgain_by_layer));
    std::string evidence;
    std::string verdict;
    if (g.has_ablation && std::isfinite(g.spearman_ablation)) {
        evidence += "Spearman ρ(|γ|, loss increase when that key dimension alone is zeroed) = " +
                    num(g.spearman_ablation) + " (mean over layers and KV heads, at " +
                    std::to_string(g.ablation_checkpoint) + " tokens)";
        verdict = g.spearman_ablation > 0.5   ? "gamma ranks key dimensions by their use"
                  : g.spearman_ablation < 0.2 ? "gamma does not rank key dimensions by their use"
                                              : "gamma ranks key dimensions by use only partly";
    }
    if (std::isfinite(g.overlap[1])) {
        evidence += std::string(evidence.empty() ? "" : "; ") +
                    "overlap of the k smallest-|γ| axes with the bottom-k singular subspace of "
                    "the pre-gain K " +
                    num(g.overlap[0]) + " / " + num(g.overlap[1]) + " / " + num(g.overlap[2]) +
                    " at k = 25 / 50 / 75 % of d (chance 0.25 / 0.5 / 0.75)";
        if (verdict.empty()) {
            const double excess = g.overlap[1] - 0.5;
            verdict = excess > 0.2    ? "gamma's small axes lie in K's weak directions"
                      : excess < 0.05 ? "gamma's small axes are no closer to K's weak directions "
                                        "than chance"
                                      : "gamma's small axes lean towards K's weak directions";
        }
    }
    if (verdict.empty()) {
        return "";
    }
    std::string s = "Gamma as a proxy on " + g.run + ": " + verdict + " (" + evidence +
                    "; ρ(|γ|, pre-gain energy share) = " + num(pre) + ", against ρ = " + num(post) +
                    " for the post-gain share, which contains γ² and is not evidence).";
    if (g.has_sweep) {
        s += " Surgery: area between the gamma and SVD loss curves " + num(g.area_gamma_svd) +
             ", between random and SVD " + num(g.area_random_svd) +
             " (nats × fraction pruned; ratio " + num(g.ratio) + ").";
    }
    return s;
}

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
    g.claim = gammaClaim(g);
    return g;
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

// One claim per cell over its seeds: the verdict rests on the interval, not on one run.
std::string gammaCellClaim(const std::string& cell, const std::vector<const GammaProxy*>& gs) {
    std::vector<double> abl, ov25, ov50, ov75, pre, post, ags, ars;
    for (const auto* g : gs) {
        abl.push_back(g->has_ablation ? g->spearman_ablation : kNaN);
        ov25.push_back(g->overlap[0]);
        ov50.push_back(g->overlap[1]);
        ov75.push_back(g->overlap[2]);
        pre.push_back(stats::mean(finite(g->spearman_pregain_by_layer)));
        post.push_back(stats::mean(finite(g->spearman_postgain_by_layer)));
        if (g->has_sweep) {
            ags.push_back(g->area_gamma_svd);
            ars.push_back(g->area_random_svd);
        }
    }
    std::string verdict, evidence;
    if (auto a = finite(abl); a.size() >= 2) {
        const auto ci = stats::tMeanCI(a);
        verdict = ci.lo > 0.5   ? "gamma ranks key dimensions by their use"
                  : ci.hi < 0.2 ? "gamma does not rank key dimensions by their use"
                  : ci.lo > 0.0 ? "gamma ranks key dimensions by use, but only partly"
                                : "whether gamma ranks key dimensions by use is not settled";
    }
    if (const auto t = meanWithCI(abl); !t.empty()) {
        evidence = "Spearman ρ(|γ|, loss increase when that key dimension alone is zeroed) = " + t;
    }
    if (auto o = finite(ov50); !o.empty()) {
        if (verdict.empty() && o.size() >= 2) {
            const auto ci = stats::tMeanCI(o);
            verdict = ci.lo > 0.7    ? "gamma's small axes lie in K's weak directions"
                      : ci.hi < 0.55 ? "gamma's small axes are no closer to K's weak directions "
                                       "than chance allows"
                      : ci.lo > 0.5  ? "gamma's small axes lean towards K's weak directions"
                                     : "gamma's small axes are not shown to differ from chance";
        }
        evidence += std::string(evidence.empty() ? "" : "; ") +
                    "overlap of the k smallest-|γ| axes with the bottom-k singular subspace of "
                    "the pre-gain K " +
                    meanWithCI(ov25) + " / " + meanWithCI(ov50) + " / " + meanWithCI(ov75) +
                    " at k = 25 / 50 / 75 % of d (chance 0.25 / 0.5 / 0.75)";
    }
    if (verdict.empty()) {
        return "";
    }
    std::string s = "Gamma as a proxy in " + cell + " (n = " + std::to_string(gs.size()) +
                    (gs.size() == 1 ? " run, " + gs.front()->run : " seeds") + "): " + verdict +
                    " (" + evidence + "; ρ(|γ|, pre-gain energy share) = " + meanWithCI(pre) +
                    ", against " + meanWithCI(post) +
                    " for the post-gain share, which contains γ² and is not evidence).";
    if (!ags.empty()) {
        s += " Surgery (" + std::to_string(ags.size()) +
             " sweeps): area between the gamma and SVD loss curves " + meanWithCI(ags) +
             ", between random and SVD " + meanWithCI(ars) + " (nats × fraction pruned).";
    }
    return s;
}

} // namespace

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

namespace {

std::string verdictOf(const Comparison& c, double alpha) {
    return !determinable(c.overall, alpha) ? "undetermined"
           : significant(c.overall, alpha) ? "significant"
                                           : "not significant";
}

// Do two contrasts of the same question (e.g. data pooled and within one genre) tell the same
// story? The design says what agreement with both significant means.
std::string agreement(const ComparisonDesign& d, const Comparison& other,
                      const ComparisonDesign& other_design, const Comparison& self, double alpha) {
    if (!other.available || !self.available) {
        return "";
    }
    const bool same = (other.overall.delta < 0) == (self.overall.delta < 0);
    const bool both = significant(other.overall, alpha) && significant(self.overall, alpha);
    return "The " + other_design.name + " (" + other.a + " − " + other.b +
           ", Δ = " + num(other.overall.delta) + ", " + verdictOf(other, alpha) + ") and " +
           d.name + " (" + self.a + " − " + self.b + ", Δ = " + num(self.overall.delta) + ", " +
           verdictOf(self, alpha) + ") contrasts " + (same ? "agree" : "disagree") + " in sign" +
           (same && both ? "; both are significant, so " + d.agreement_both + "."
                         : "; " + d.agreement_otherwise + ".");
}

// (c0 − c1) − (c2 − c3) of the final overall metric at the checkpoint all four cells share,
// with a Welch interval; appended to the comparison's claim.
void addInteraction(const Groups& groups, const StudyOptions& o, const ComparisonDesign& d,
                    StudyResult& res, Comparison& c) {
    std::vector<const RunSnapshot*> four;
    for (const auto& cell : d.interaction_cells) {
        if (groups.count(cell)) {
            four.insert(four.end(), groups.at(cell).begin(), groups.at(cell).end());
        }
    }
    const auto marks = sharedMarks(four);
    std::vector<std::vector<double>> v;
    for (const auto& cell : d.interaction_cells) {
        std::vector<double> x;
        if (groups.count(cell) && !marks.empty()) {
            for (const auto* r : groups.at(cell)) {
                x.push_back(valueAt(*r, o, marks.back(), -1));
            }
        }
        v.push_back(finite(x));
    }
    if (v[0].empty() || v[1].empty() || v[2].empty() || v[3].empty()) {
        return;
    }
    res.interaction_available = true;
    res.interaction =
        (stats::mean(v[0]) - stats::mean(v[1])) - (stats::mean(v[2]) - stats::mean(v[3]));
    res.interaction_ci = stats::welchInteractionCI(v[0], v[1], v[2], v[3]);
    if (!c.available) {
        return;
    }
    const auto& n = d.interaction_cells;
    c.claim +=
        " Interaction of " + d.interaction_of + ", (" + n[0] + " − " + n[1] + ") − (" + n[2] +
        " − " + n[3] + ") = " + num(res.interaction) +
        (std::isfinite(res.interaction_ci.lo)
             ? ", 95% Welch CI [" + num(res.interaction_ci.lo) + ", " + num(res.interaction_ci.hi) +
                   "] (an interval only: a permutation test of an interaction needs a "
                   "model of the main effects)"
             : std::string(" (no interval below two seeds per cell)")) +
        ".";
}

// The design's comparisons in order, then the change over time.
void compareAll(const Groups& groups, const StudyOptions& o, const StudyDesign& design,
                StudyResult& res) {
    const std::string metricName = o.metric == Metric::PR ? "participation ratio" : key(o.metric);
    const std::string Q = o.qk == QK::K ? "K" : "Q";
    const std::string what = "final " + Q + " " + metricName + " (" + key(o.tap) + ")";
    auto claim = [&](Comparison& c, const Words& w) {
        if (c.available) {
            c.claim = levelClaim(c, w, what, o.alpha) + rateClaim(c, o.alpha);
        }
    };
    for (const auto& d : design.comparisons) {
        auto c = compareCells(groups, o, d.id, d.question, d.a, d.b);
        claim(c, {d.a + " − " + d.b, d.sentence(true, what), d.sentence(false, what)});
        if (!d.interaction_cells.empty()) {
            addInteraction(groups, o, d, res, c);
        }
        res.comparisons.push_back(c);
    }
    for (size_t i = 0; i < design.comparisons.size(); ++i) {
        const auto& d = design.comparisons[i];
        const auto* other = d.agrees_with.empty() ? nullptr : design.comparison(d.agrees_with);
        if (!other) {
            continue;
        }
        const auto j = size_t(other - design.comparisons.data());
        const auto text = agreement(d, res.comparisons[j], *other, res.comparisons[i], o.alpha);
        if (!text.empty()) {
            res.data_agreement = text;
            res.comparisons[i].claim += " " + text;
        }
    }
    auto time = compareOverTime(groups, o);
    claim(time, {"final − first", "The " + Q + " " + metricName + " falls over training",
                 "The " + Q + " " + metricName + " rises over training"});
    res.comparisons.push_back(time);
}

// Phase transitions and rank/loss coupling per run, and the sentence that sums them up.
void analyzeDynamics(const std::vector<const RunSnapshot*>& runs, const StudyOptions& o,
                     StudyResult& res) {
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
        res.dynamics.push_back(d);
    }
    std::sort(couplings.begin(), couplings.end());
    const double median = couplings.empty() ? kNaN : couplings[couplings.size() / 2];
    res.dynamics_claim =
        "Sudden drops (phase transitions, step model preferred by ΔBIC > 6 with a drop of at "
        "least 10 % of the range) were detected in " +
        std::to_string(detected) + " of " + std::to_string(enough) +
        " runs with at least five checkpoints" + (list.empty() ? "" : ": " + list) +
        (detected < enough ? "; the others decay gradually" : "") +
        ". Median partial correlation of dPR/dlog t with dLoss/dlog t over checkpoint intervals, "
        "log tokens partialled out (both fall fastest early; that shared trend is removed): r = " +
        num(median) +
        (std::isfinite(median)
             ? (median > 0.5 ? " (rank falls while the loss falls, not on plateaus)."
                             : " (rank changes are not tied to loss descent; drops can "
                               "coincide with plateaus).")
             : ".");
}

} // namespace

StudyResult analyzeStudy(const std::vector<const RunSnapshot*>& all, const StudyOptions& o,
                         const StudyDesign& design) {
    StudyResult res;
    res.options = o;
    const auto runs = studyRuns(all, &res.excluded);
    const auto groups = groupByCell(runs);
    for (const auto& [cell, members] : groups) {
        res.cells.push_back(cellStats(cell, members, o));
    }
    compareAll(groups, o, design, res);
    res.min_seeds = 0;
    for (const auto& c : res.comparisons) {
        if (c.available && c.id != "time") {
            const int n = std::min(c.na, c.nb);
            res.min_seeds = res.min_seeds == 0 ? n : std::min(res.min_seeds, n);
        }
    }
    analyzeDynamics(runs, o, res);
    // Gamma as a proxy: gamma-free measures of use, then the surgery areas.
    for (const auto* r : runs) {
        auto g = gammaProxy(*r);
        if (g.has_sweep || g.has_ablation || !g.spearman_pregain_by_layer.empty()) {
            res.gamma.push_back(g);
        }
    }
    res.gamma_claims = gammaCellClaims(res.gamma);
    return res;
}

} // namespace rs
