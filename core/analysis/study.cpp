#include "analysis/study.h"

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

Summary summarize(const std::vector<double>& v, uint64_t seed, int resamples) {
    Summary s;
    for (double x : v) {
        if (std::isfinite(x)) {
            s.values.push_back(x);
        }
    }
    s.n = int(s.values.size());
    s.mean = s.n ? stats::mean(s.values) : kNaN;
    s.sd = stats::sd(s.values);
    s.ci = s.n ? stats::bootstrapMeanCI(s.values, seed, resamples) : stats::Interval{kNaN, kNaN};
    return s;
}

Effect effectOf(const std::vector<double>& a, const std::vector<double>& b, int layer,
                uint64_t seed, int resamples) {
    Effect e;
    e.layer = layer;
    e.delta = stats::mean(a) - stats::mean(b);
    e.ci = stats::bootstrapDiffCI(a, b, seed, resamples);
    e.p = stats::permutationTest(a, b, seed);
    e.p_holm = e.p.p;
    return e;
}

Effect pairedEffectOf(const std::vector<double>& d, int layer, uint64_t seed, int resamples) {
    Effect e;
    e.layer = layer;
    e.delta = stats::mean(d);
    e.ci = stats::bootstrapMeanCI(d, seed, resamples);
    e.p = stats::signFlipTest(d);
    e.p_holm = e.p.p;
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

bool significant(const Comparison& c, double alpha) {
    const auto& e = c.overall;
    return c.available && c.na >= 2 && c.nb >= 2 && e.p.p < alpha && (e.ci.lo > 0 || e.ci.hi < 0);
}

// The per-run value of the metric at the run's last probe (overall or one layer).
double finalValue(const RunSnapshot& r, const StudyOptions& o, int layer) {
    const auto* p = r.lastProbe();
    return p ? p->value(o.qk, o.tap, o.metric, layer, -1) : kNaN;
}

} // namespace

std::vector<CellMetricRow> cellMetricTable(const std::vector<const RunSnapshot*>& all,
                                           const StudyOptions& o) {
    std::vector<const RunSnapshot*> runs;
    for (const auto* r : all) {
        if (!r->probes.empty()) {
            runs.push_back(r);
        }
    }
    std::vector<CellMetricRow> out;
    for (const auto& [cell, members] : groupByCell(runs)) {
        // Marks every seed of the cell has probed.
        std::map<int64_t, int> seen;
        for (const auto* r : members) {
            for (const auto& p : r->probes) {
                seen[p.tokens] += 1;
            }
        }
        for (const auto& [tokens, count] : seen) {
            if (count != int(members.size())) {
                continue;
            }
            // Values keyed by representation and metric, one per seed.
            std::map<std::tuple<int, int, char, std::string, std::string>, std::vector<double>>
                values;
            for (const auto* r : members) {
                for (const auto& rep : r->probeAt(tokens)->reps) {
                    for (const auto& [metric, v] : rep.values) {
                        values[{rep.layer, rep.head, rep.qk, rep.tap, metric}].push_back(v);
                    }
                }
            }
            for (const auto& [key, v] : values) {
                CellMetricRow row;
                row.cell = cell;
                row.tokens = tokens;
                row.layer = std::get<0>(key);
                row.head = std::get<1>(key);
                row.qk = std::string(1, std::get<2>(key));
                row.tap = std::get<3>(key);
                row.metric = std::get<4>(key);
                // One seed needs no resampling: its interval is the value itself.
                row.summary = summarize(v, mix(o.seed, cell + std::to_string(tokens)),
                                        v.size() > 1 ? o.resamples : 1);
                out.push_back(std::move(row));
            }
        }
    }
    return out;
}

std::string describeEffect(const Effect& e, int na, int nb) {
    // A bootstrap over one value per group is that value: no interval to report.
    const std::string ci = na < 2 || nb < 2 ? std::string("no CI with one seed")
                                            : "95% CI [" + num(e.ci.lo) + ", " + num(e.ci.hi) + "]";
    std::string s = "Δ = " + num(e.delta) + ", " + ci + ", p = " + fmt("%.3g", e.p.p) +
                    (e.p.exact ? " (exact permutation test" : " (Monte-Carlo permutation test") +
                    ", " + std::to_string(e.p.permutations) + " relabellings)";
    if (na == nb) {
        s += ", n = " + std::to_string(na) + (na == 1 ? " seed per cell" : " seeds per cell");
    } else {
        s += ", n = " + std::to_string(na) + " and " + std::to_string(nb) + " seeds";
    }
    return s;
}

StudyResult analyzeStudy(const std::vector<const RunSnapshot*>& all, const StudyOptions& o) {
    StudyResult res;
    res.options = o;
    std::vector<const RunSnapshot*> runs;
    for (const auto* r : all) {
        if (!r->probes.empty()) {
            runs.push_back(r);
        }
    }
    const auto groups = groupByCell(runs);

    // Cells across seeds.
    for (const auto& [cell, members] : groups) {
        CellStats cs;
        cs.cell = cell;
        std::set<int64_t> shared;
        for (size_t i = 0; i < members.size(); ++i) {
            cs.runs.push_back(members[i]->name);
            std::set<int64_t> t;
            for (const auto& p : members[i]->probes) {
                t.insert(p.tokens);
            }
            if (i == 0) {
                shared = t;
            } else {
                std::set<int64_t> keep;
                std::set_intersection(shared.begin(), shared.end(), t.begin(), t.end(),
                                      std::inserter(keep, keep.begin()));
                shared = keep;
            }
        }
        cs.marks.assign(shared.begin(), shared.end());
        for (auto t : cs.marks) {
            std::vector<double> v;
            for (const auto* r : members) {
                v.push_back(r->probeAt(t)->value(o.qk, o.tap, o.metric, -1, -1));
            }
            cs.overall.push_back(summarize(v, mix(o.seed, cell + std::to_string(t)), o.resamples));
        }
        if (!cs.marks.empty()) {
            int layers = 0;
            for (const auto* r : members) {
                layers = std::max(layers, r->probeAt(cs.marks.back())->layers);
            }
            for (int l = 0; l < layers; ++l) {
                std::vector<double> v;
                for (const auto* r : members) {
                    v.push_back(r->probeAt(cs.marks.back())->value(o.qk, o.tap, o.metric, l, -1));
                }
                cs.final_by_layer.push_back(
                    summarize(v, mix(o.seed, cell + "L" + std::to_string(l)), o.resamples));
            }
        }
        std::vector<double> vl;
        for (const auto* r : members) {
            if (!r->val_loss.empty()) {
                vl.push_back(r->val_loss.back().value);
            }
        }
        cs.final_val_loss = vl.empty() ? kNaN : stats::mean(vl);
        res.cells.push_back(std::move(cs));
    }

    auto cellRuns = [&](const std::string& c) {
        auto it = groups.find(c);
        return it == groups.end() ? std::vector<const RunSnapshot*>{} : it->second;
    };
    auto finals = [&](const std::string& c, int layer) {
        std::vector<double> v;
        for (const auto* r : cellRuns(c)) {
            const double x = finalValue(*r, o, layer);
            if (std::isfinite(x)) {
                v.push_back(x);
            }
        }
        return v;
    };
    auto layersOf = [&](const std::string& c) {
        int n = 0;
        for (const auto* r : cellRuns(c)) {
            n = std::max(n, r->lastProbe()->layers);
        }
        return n;
    };
    res.min_seeds = std::numeric_limits<int>::max();

    auto compare = [&](const std::string& id, const std::string& question, const std::string& a,
                       const std::string& b) {
        Comparison c;
        c.id = id;
        c.question = question;
        c.a = a;
        c.b = b;
        const auto va = finals(a, -1), vb = finals(b, -1);
        c.na = int(va.size());
        c.nb = int(vb.size());
        if (va.empty() || vb.empty()) {
            c.why_unavailable = "needs probed runs of cells " + a + " and " + b;
            return c;
        }
        c.available = true;
        res.min_seeds = std::min({res.min_seeds, c.na, c.nb});
        c.overall = effectOf(va, vb, -1, mix(o.seed, id), o.resamples);
        const int layers = std::min(layersOf(a), layersOf(b));
        for (int l = 0; l < layers; ++l) {
            c.layers.push_back(effectOf(finals(a, l), finals(b, l), l,
                                        mix(o.seed, id + std::to_string(l)), o.resamples));
        }
        holmAcrossLayers(c.layers);
        return c;
    };

    const std::string metricName = o.metric == "pr" ? "participation ratio" : o.metric;
    const std::string what =
        "final " + std::string(1, char(std::toupper(o.qk))) + " " + metricName + " (" + o.tap + ")";
    auto fewSeeds = [&](const Comparison& c, const std::string& subject) {
        const int n = std::min(c.na, c.nb);
        return "With " + (n == 1 ? std::string("one seed") : std::to_string(n) + " seeds") +
               " per cell no significance can be claimed for " + subject +
               "; the observed difference in " + what + " is " + c.a + " − " + c.b + ": " +
               describeEffect(c.overall, c.na, c.nb) + ".";
    };

    // QK-Norm: A1 vs A2.
    {
        auto c = compare("qk_norm", "Does QK-Norm change how far the keys collapse?", "A1", "A2");
        if (c.available) {
            const auto d = describeEffect(c.overall, c.na, c.nb);
            if (c.na < 2 || c.nb < 2) {
                c.claim = fewSeeds(c, "QK-Norm");
            } else if (significant(c, o.alpha)) {
                c.claim = c.overall.delta < 0 ? "QK-Norm accelerates collapse: with QK-Norm the " +
                                                    what + " is lower (A1 − A2: " + d + ")."
                                              : "QK-Norm slows collapse: with QK-Norm the " + what +
                                                    " is higher (A1 − A2: " + d + ").";
            } else {
                c.claim = "QK-Norm does not measurably affect collapse: no significant "
                          "difference in " +
                          what + " (A1 − A2: " + d + ").";
            }
        }
        res.comparisons.push_back(c);
    }
    // Optimizer: A1 vs B1, and the 2x2 interaction with A2 and B2.
    {
        auto c = compare("optimizer",
                         "Does Muon produce a different spectral evolution from "
                         "AdamW?",
                         "A1", "B1");
        if (c.available) {
            const auto d = describeEffect(c.overall, c.na, c.nb);
            if (c.na < 2 || c.nb < 2) {
                c.claim = fewSeeds(c, "the optimizer");
            } else if (significant(c, o.alpha)) {
                c.claim = "Muon produces a different spectral evolution: the " + what +
                          (c.overall.delta < 0 ? " is lower" : " is higher") +
                          " with Muon + AdamW than with AdamW only (A1 − B1: " + d + ").";
            } else {
                c.claim = "Muon produces a similar spectral evolution: no significant difference "
                          "in " +
                          what + " from AdamW only (A1 − B1: " + d + ").";
            }
        }
        const auto a1 = finals("A1", -1), a2 = finals("A2", -1), b1 = finals("B1", -1),
                   b2 = finals("B2", -1);
        if (!a1.empty() && !a2.empty() && !b1.empty() && !b2.empty()) {
            res.interaction_available = true;
            res.interaction =
                (stats::mean(a1) - stats::mean(a2)) - (stats::mean(b1) - stats::mean(b2));
            res.interaction_ci = stats::bootstrapInteractionCI(
                a1, a2, b1, b2, mix(o.seed, "interaction"), o.resamples);
            if (c.available) {
                const bool one = std::min({a1.size(), a2.size(), b1.size(), b2.size()}) < 2;
                c.claim += " Interaction of QK-Norm and optimizer, (A1 − A2) − (B1 − B2) = " +
                           num(res.interaction) +
                           (one ? std::string(" (no interval with one seed)")
                                : ", 95% bootstrap CI [" + num(res.interaction_ci.lo) + ", " +
                                      num(res.interaction_ci.hi) +
                                      "] (an interval only: a permutation test of an interaction "
                                      "needs a model of the main effects, which a few seeds "
                                      "cannot support)") +
                           ".";
            }
        }
        res.comparisons.push_back(c);
    }
    // Data: C1 vs C2.
    {
        auto c = compare("data", "Is collapse depth adaptive to data complexity?", "C1", "C2");
        if (c.available) {
            const auto d = describeEffect(c.overall, c.na, c.nb);
            if (c.na < 2 || c.nb < 2) {
                c.claim = fewSeeds(c, "data complexity");
            } else if (significant(c, o.alpha)) {
                c.claim = "Collapse depth is adaptive to data complexity: the " + what + " is " +
                          (c.overall.delta < 0 ? "lower" : "higher") +
                          " on simple than on complex data (C1 − C2: " + d + ").";
            } else {
                c.claim = "Collapse depth is independent of data complexity within this "
                          "resolution: no significant difference in " +
                          what + " (C1 − C2: " + d + ").";
            }
        }
        res.comparisons.push_back(c);
    }
    // Time: A1's last against its first shared mark, paired by seed.
    {
        Comparison c;
        c.id = "time";
        c.question = "Does A1's key rank change over training?";
        c.a = "A1 (final)";
        c.b = "A1 (first)";
        auto members = cellRuns("A1");
        const CellStats* cs = nullptr;
        for (const auto& x : res.cells) {
            if (x.cell == "A1") {
                cs = &x;
            }
        }
        if (cs && cs->marks.size() >= 2) {
            auto diffs = [&](int layer) {
                std::vector<double> d;
                for (const auto* r : members) {
                    const double first =
                        r->probeAt(cs->marks.front())->value(o.qk, o.tap, o.metric, layer, -1);
                    const double last =
                        r->probeAt(cs->marks.back())->value(o.qk, o.tap, o.metric, layer, -1);
                    if (std::isfinite(first) && std::isfinite(last)) {
                        d.push_back(last - first);
                    }
                }
                return d;
            };
            const auto d = diffs(-1);
            c.available = !d.empty();
            c.na = c.nb = int(d.size());
            if (c.available) {
                c.overall = pairedEffectOf(d, -1, mix(o.seed, "time"), o.resamples);
                for (int l = 0; l < layersOf("A1"); ++l) {
                    c.layers.push_back(pairedEffectOf(
                        diffs(l), l, mix(o.seed, "time" + std::to_string(l)), o.resamples));
                }
                holmAcrossLayers(c.layers);
                std::string dd =
                    "Δ = " + num(c.overall.delta) + ", 95% CI [" + num(c.overall.ci.lo) + ", " +
                    num(c.overall.ci.hi) + "], p = " + fmt("%.3g", c.overall.p.p) +
                    " (exact sign-flip test over " + std::to_string(c.overall.p.permutations) +
                    " sign patterns), n = " + std::to_string(c.na) + " seeds";
                if (c.na < 2) {
                    c.claim = "With one seed no significance can be claimed for the change over "
                              "training; A1's key " +
                              metricName + " moved by " + num(c.overall.delta) +
                              " from the first to the last checkpoint.";
                } else if (c.overall.p.p < o.alpha &&
                           (c.overall.ci.lo > 0 || c.overall.ci.hi < 0)) {
                    c.claim = std::string("A1's keys ") +
                              (c.overall.delta < 0 ? "collapse" : "gain rank") +
                              " over training: final − first " + dd + ".";
                } else {
                    c.claim = "No significant change of A1's key " + metricName +
                              " over training (final − first " + dd + ").";
                }
            }
        } else {
            c.why_unavailable = "needs A1 runs with at least two probed checkpoints";
        }
        res.comparisons.push_back(c);
    }
    if (res.min_seeds == std::numeric_limits<int>::max()) {
        res.min_seeds = 0;
    }

    // Dynamics: phase transitions and rank/loss coupling per run.
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
    const double medianCoupling = couplings.empty() ? kNaN : couplings[couplings.size() / 2];
    res.dynamics_claim =
        "Sudden drops (phase transitions, step model preferred by ΔBIC > 6 with a drop of at "
        "least 10 % of the range) were detected in " +
        std::to_string(detected) + " of " + std::to_string(enough) +
        " runs with at least five checkpoints" + (list.empty() ? "" : ": " + list) +
        (detected < enough ? "; the others decay gradually" : "") +
        ". Median correlation of dPR/dlog t with dLoss/dlog t over checkpoint intervals: r = " +
        num(medianCoupling) +
        (std::isfinite(medianCoupling)
             ? (medianCoupling > 0.5 ? " (rank falls while the loss falls, not on plateaus)."
                                     : " (rank changes are not tied to loss descent; drops can "
                                       "coincide with plateaus).")
             : ".");

    // Gamma as a proxy: surgery areas and the probe's Spearman correlation.
    for (const auto* r : runs) {
        GammaProxy g;
        g.run = r->name;
        if (const auto* p = r->lastProbe()) {
            for (int l = 0; l < p->layers; ++l) {
                double s = 0;
                int n = 0;
                for (const auto& gs : p->gammas) {
                    if (gs.qk == 'k' && gs.layer == l && std::isfinite(gs.spearman)) {
                        s += gs.spearman;
                        ++n;
                    }
                }
                g.spearman_by_layer.push_back(n ? s / n : kNaN);
            }
        }
        if (!r->surgery.empty()) {
            const auto& sw = r->surgery.back();
            g.checkpoint = sw.checkpoint;
            std::map<std::string, std::map<double, std::vector<double>>> by;
            for (const auto& row : sw.rows) {
                by[row.strategy][row.fraction].push_back(row.loss);
            }
            auto curve = [&](const std::string& s, std::vector<double>& fx,
                             std::vector<double>& ly) {
                for (const auto& [f, v] : by[s]) {
                    fx.push_back(f);
                    ly.push_back(stats::mean(v));
                }
            };
            std::vector<double> fg, lg, fs, ls, fr, lr;
            curve("gamma", fg, lg);
            curve("svd", fs, ls);
            curve("random", fr, lr);
            if (!lg.empty() && fg == fs && fs == fr) {
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
                const std::string areas = "area between the gamma and SVD loss curves " +
                                          num(g.area_gamma_svd) + ", between random and SVD " +
                                          num(g.area_random_svd) + " (nats × fraction pruned, " +
                                          r->name + " at " + std::to_string(g.checkpoint) +
                                          " tokens; ratio " + num(g.ratio) + ")";
                if (!std::isfinite(g.ratio)) {
                    g.claim = "Gamma cannot be judged on " + r->name +
                              ": random pruning costs no more than SVD pruning (" + areas + ").";
                } else if (g.ratio < 0.25) {
                    g.claim = "Gamma is a reliable proxy for true rank on " + r->name +
                              ": pruning by |gamma| stays close to pruning by SVD and far from "
                              "random (" +
                              areas + ").";
                } else if (g.ratio > 0.5) {
                    g.claim = "Gamma misleads on " + r->name +
                              ": pruning by |gamma| costs much more than pruning by SVD (" + areas +
                              ").";
                } else {
                    g.claim = "Gamma is a partial proxy on " + r->name + " (" + areas + ").";
                }
            }
        }
        if (g.has_sweep || !g.spearman_by_layer.empty()) {
            res.gamma.push_back(g);
        }
    }
    return res;
}

} // namespace rs
