#include "core/analysis/comparisons.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>

namespace rs {

using namespace analysis;

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
    return p ? p->value(o.qk, o.tap, o.metric, layer, -1, o.batch) : kNaN;
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

// The sentence a level effect supports: undetermined when the test cannot reject at this n;
// a direction when significant; otherwise "not detected" with the differences still allowed,
// never a null.
std::string levelClaim(const Comparison& c, const std::string& diff, const std::string& lower,
                       const std::string& higher, const std::string& what, double alpha) {
    const auto d = describeEffect(c.overall, c.na, c.nb);
    if (!determinable(c.overall, alpha)) {
        const std::string n = c.overall.paired ? "n = " + std::to_string(c.na) + " paired runs"
                                               : seedsText(c.na, c.nb);
        return "Undetermined with " + n +
               " (smallest achievable p = " + fmt("%.3g", c.overall.min_p) +
               ", above α = " + fmt("%.3g", alpha) + "): " + what + ", " + diff + ": " + d + ".";
    }
    if (significant(c.overall, alpha)) {
        return (c.overall.delta < 0 ? lower : higher) + " (" + diff + ": " + d + ").";
    }
    return "No difference in " + what + " was detected (" + diff + ": " + d +
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

std::string measureName(const StudyOptions& o) {
    const std::string metric = o.metric == Metric::PR ? "participation ratio" : key(o.metric);
    return std::string("final ") + (o.qk == QK::K ? "K " : "Q ") + metric + " (" + key(o.tap) + ")";
}

// Two cells at their common final checkpoint: level overall and per layer, and the rate.
Comparison compareCells(const CellGroups& groups, const StudyOptions& o, const std::string& id,
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
    c.a_values = va;
    c.b_values = vb;
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
    c.a_rates = ra;
    c.b_rates = rb;
    if (c.rate_available) {
        c.rate = effectOf(ra, rb, -1, mix(o.seed, id + "rate"));
    }
    return c;
}

namespace {

// Every run's last against its first shared mark, each run paired with itself: pooled over the
// cells, four seeds per cell already reach p < 0.05 (a single cell's four could not: 2/16).
Comparison compareOverTime(const CellGroups& groups, const StudyOptions& o) {
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
void addInteraction(const CellGroups& groups, const StudyOptions& o, const ComparisonDesign& d,
                    ComparisonSet& res, Comparison& c) {
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
void addComparisons(const CellGroups& groups, const StudyOptions& o, const StudyDesign& design,
                    ComparisonSet& res) {
    const std::string metricName = o.metric == Metric::PR ? "participation ratio" : key(o.metric);
    const std::string Q = o.qk == QK::K ? "K" : "Q";
    const std::string what = measureName(o);
    auto claim = [&](Comparison& c, const std::string& diff, const std::string& lower,
                     const std::string& higher) {
        if (c.available) {
            c.claim = levelClaim(c, diff, lower, higher, what, o.alpha) + rateClaim(c, o.alpha);
        }
    };
    for (const auto& d : design.comparisons) {
        auto c = compareCells(groups, o, d.id, d.question, d.a, d.b);
        claim(c, d.a + " − " + d.b, d.sentence(true, what), d.sentence(false, what));
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
    claim(time, "final − first", "The " + Q + " " + metricName + " falls over training",
          "The " + Q + " " + metricName + " rises over training");
    res.comparisons.push_back(time);
}

} // namespace

ComparisonSet compareAll(const CellGroups& groups, const StudyOptions& o,
                         const StudyDesign& design) {
    ComparisonSet res;
    addComparisons(groups, o, design, res);
    return res;
}

} // namespace rs
