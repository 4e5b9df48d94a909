#include "core/analysis/decomposition.h"

#include <cmath>

namespace rs {

using namespace analysis;

const char* verdictKey(Verdict v) {
    switch (v) {
    case Verdict::Lower:
        return "lower";
    case Verdict::Higher:
        return "higher";
    case Verdict::Similar:
        return "similar";
    case Verdict::Undetermined:
        return "undetermined";
    }
    return "undetermined";
}

Verdict decide(const Effect& e, const stats::TostResult& tost, double alpha) {
    if (significant(e, alpha)) {
        return e.delta < 0 ? Verdict::Lower : Verdict::Higher;
    }
    return tost.equivalent ? Verdict::Similar : Verdict::Undetermined;
}

namespace {

StudyOptions atTap(const StudyOptions& o, Tap tap) {
    StudyOptions t = o;
    t.tap = tap;
    return t;
}

double absMean(const std::vector<double>& v) {
    return v.empty() ? kNaN : std::abs(stats::mean(v));
}

TapContrast contrastAt(const CellGroups& groups, const StudyOptions& o, Tap tap,
                       const std::string& id, const std::string& a, const std::string& b,
                       double margin) {
    TapContrast t;
    t.tap = tap;
    t.c = compareCells(groups, atTap(o, tap), id + "@" + key(tap), "", a, b);
    if (!t.c.available) {
        return t;
    }
    t.tost_level =
        stats::welchTost(t.c.a_values, t.c.b_values, margin * absMean(t.c.b_values), o.alpha);
    t.level = decide(t.c.overall, t.tost_level, o.alpha);
    if (t.c.rate_available) {
        t.tost_rate =
            stats::welchTost(t.c.a_rates, t.c.b_rates, margin * absMean(t.c.b_rates), o.alpha);
        t.rate = decide(t.c.rate, t.tost_rate, o.alpha);
    }
    return t;
}

// Within one cell, paired per run: the measure at `after` minus at `before` (level at the
// cell's last shared mark, and the rate).
Comparison pairedTaps(const CellGroups& groups, const StudyOptions& o, const std::string& cell,
                      Tap before, Tap after) {
    Comparison c;
    c.id = "gain";
    c.a = cell + " " + key(after);
    c.b = cell + " " + key(before);
    auto it = groups.find(cell);
    const auto marks = it == groups.end() ? std::vector<int64_t>() : sharedMarks(it->second);
    if (marks.empty()) {
        c.why_unavailable = "needs finished, probed runs of cell " + cell;
        return c;
    }
    c.tokens = marks.back();
    const auto ob = atTap(o, before), oa = atTap(o, after);
    std::vector<double> level, rate;
    for (const auto* r : it->second) {
        level.push_back(valueAt(*r, oa, c.tokens, -1) - valueAt(*r, ob, c.tokens, -1));
        rate.push_back(logTimeMean(*r, oa, marks) - logTimeMean(*r, ob, marks));
    }
    level = finite(level);
    rate = finite(rate);
    c.available = !level.empty();
    c.na = c.nb = int(level.size());
    if (!c.available) {
        c.why_unavailable = "no finite values at both taps";
        return c;
    }
    c.overall = pairedEffectOf(level, -1, mix(o.seed, "gain" + cell));
    c.rate_available = !rate.empty();
    if (c.rate_available) {
        c.rate = pairedEffectOf(rate, -1, mix(o.seed, "gainrate" + cell));
    }
    return c;
}

// "Δ = x, 95% CI [lo, hi], p = y"
std::string brief(const Effect& e) {
    return "Δ = " + num(e.delta) +
           (std::isfinite(e.ci.lo) ? ", 95% CI [" + num(e.ci.lo) + ", " + num(e.ci.hi) + "]"
                                   : std::string(", no interval")) +
           ", p = " + fmt("%.3g", e.p.p);
}

std::string tostText(const stats::TostResult& t) {
    return "equivalence margin ±" + num(t.margin) + ", TOST p = " + num(t.p);
}

// One tap's numbers, end and over training: "'pre': at the end Δ = … (lower), …".
std::string tapLine(const TapContrast& t) {
    if (!t.c.available) {
        return std::string("'") + key(t.tap) + "': not available (" + t.c.why_unavailable + ")";
    }
    std::string s = std::string("'") + key(t.tap) + "' at the end " + brief(t.c.overall) + " (" +
                    verdictKey(t.level) + ")";
    if (t.c.rate_available) {
        s += ", over training " + brief(t.c.rate) + " (" + verdictKey(t.rate) + ")";
    }
    return s;
}

std::string tapLines(const std::vector<TapContrast>& taps) {
    std::string s;
    for (const auto& t : taps) {
        s += (s.empty() ? "" : "; ") + tapLine(t);
    }
    return s;
}

// The design's sentence for a verdict, with the numbers it rests on.
std::string verdictSentence(Verdict v, const ComparisonDesign& d, const std::string& what,
                            const Effect& e, const stats::TostResult& tost, int na, int nb) {
    const std::string numbers = " (" + d.a + " − " + d.b + ": " + describeEffect(e, na, nb) + "; " +
                                tostText(tost) + ", " + num(100 * d.decomposition->margin) +
                                " % of " + d.b + "'s mean)";
    switch (v) {
    case Verdict::Lower:
        return d.sentence(true, what) + numbers;
    case Verdict::Higher:
        return d.sentence(false, what) + numbers;
    case Verdict::Similar: {
        ComparisonDesign similar = d;
        similar.lower = d.decomposition->similar;
        return similar.sentence(true, what) + numbers;
    }
    case Verdict::Undetermined:
        break;
    }
    if (!determinable(e, tost.alpha)) {
        return "undetermined with " + seedsText(na, nb) +
               " (smallest achievable p = " + fmt("%.3g", e.min_p) +
               ", above α = " + fmt("%.3g", tost.alpha) + "): the difference in " + what + numbers;
    }
    return "undetermined: the difference in " + what +
           " is neither significant nor shown to lie within the equivalence margin" + numbers;
}

// The reporter mechanism: the after-gain tap is significantly lower where the tap QK-Norm
// receives is not.
std::string reporterSentence(const TapContrast& first, const TapContrast& last, bool rate) {
    const Verdict vf = rate ? first.rate : first.level, vl = rate ? last.rate : last.level;
    if (vl != Verdict::Lower || vf == Verdict::Lower) {
        return "";
    }
    const auto& ef = rate ? first.c.rate : first.c.overall;
    const auto& el = rate ? last.c.rate : last.c.overall;
    return std::string(" ") + (rate ? "Over training, the" : "At the end, the") +
           " gain makes the keys look lower-rank (after the gain, '" + key(last.tap) +
           "': " + brief(el) + ") while the representation QK-Norm normalises is not ('" +
           key(first.tap) + "': " + brief(ef) + "): the reporter mechanism.";
}

std::string gainSentence(const Comparison& g, const std::string& cell) {
    if (!g.available) {
        return "";
    }
    std::string s = " Within " + cell + ", the gain's own effect (" + g.a + " − " + g.b +
                    ", paired per run, n = " + std::to_string(g.na) + "): at the end " +
                    brief(g.overall);
    if (g.rate_available) {
        s += ", over training " + brief(g.rate);
    }
    if (g.overall.min_p > 0.05) {
        s += " (a sign-flip test over " + std::to_string(g.na) +
             " runs cannot go below p = " + num(g.overall.min_p) + ")";
    }
    return s + ".";
}

std::string controlSentence(const DecompositionResult& r, const TapDecomposition& td) {
    if (r.control.empty()) {
        return "";
    }
    if (r.control_taps.empty() || !r.control_taps.front().c.available) {
        return " The control " + r.control + " (" + td.control_of +
               ") has no finished runs in this experiment.";
    }
    const auto& first = r.control_taps.front();
    const std::string verdict = first.level == Verdict::Lower    ? "lowers"
                                : first.level == Verdict::Higher ? "raises"
                                : first.level == Verdict::Similar
                                    ? "does not change (equivalent within the margin)"
                                    : "has an undetermined effect on";
    return " Separated by training, " + r.a + " − " + r.control + " (" + td.control_of +
           "): " + tapLines(r.control_taps) + "; " + td.control_of + " " + verdict +
           " the representation QK-Norm receives at the end.";
}

DecompositionResult decompose(const CellGroups& groups, const StudyOptions& o,
                              const ComparisonDesign& d) {
    const auto& td = *d.decomposition;
    DecompositionResult r;
    r.comparison = d.id;
    r.a = d.a;
    r.b = d.b;
    r.control = td.control;
    for (auto tap : td.taps) {
        r.taps.push_back(contrastAt(groups, o, tap, d.id, d.a, d.b, td.margin));
    }
    if (td.taps.size() >= 2) {
        r.gain = pairedTaps(groups, o, d.a, td.taps[td.taps.size() - 2], td.taps.back());
    }
    if (!td.control.empty() && groups.count(td.control)) {
        for (auto tap : td.taps) {
            r.control_taps.push_back(
                contrastAt(groups, o, tap, d.id + "_control", d.a, td.control, td.margin));
        }
    }
    return r;
}

std::string decompositionClaim(const DecompositionResult& r, const ComparisonDesign& d,
                               const StudyOptions& o) {
    const auto& first = r.taps.front();
    if (!first.c.available) {
        return d.question + " Not answered: " + first.c.why_unavailable + ".";
    }
    const auto& td = *d.decomposition;
    const auto of = atTap(o, first.tap);
    std::string s = d.question + " Decided on what QK-Norm receives (tap '" + key(first.tap) +
                    "'), at " + std::to_string(first.c.tokens) +
                    " tokens (the pre-specified primary endpoint): " +
                    verdictSentence(first.level, d, measureName(of), first.c.overall,
                                    first.tost_level, first.c.na, first.c.nb) +
                    ".";
    if (first.c.rate_available) {
        s += " Over training as a whole (mean over log tokens): " +
             verdictSentence(first.rate, d, "trajectory of the " + measureName(of).substr(6),
                             first.c.rate, first.tost_rate, first.c.na, first.c.nb) +
             ".";
    }
    s += " " + d.a + " − " + d.b + " at each tap: " + tapLines(r.taps) + ".";
    s += reporterSentence(first, r.taps.back(), false) +
         reporterSentence(first, r.taps.back(), true);
    s += gainSentence(r.gain, d.a);
    s += controlSentence(r, td);
    return s;
}

// "the optimizer effect holds without the decay difference" / "explains x %" / undetermined.
std::string controlClaim(const Comparison& main, const ControlResult& c, double alpha) {
    const auto& ac = c.a_vs_control;
    const auto& cb = c.control_vs_b;
    std::string s = " Without " + c.removes + ": " + ac.a + " − " + ac.b + ": " +
                    describeEffect(ac.overall, ac.na, ac.nb) + "; " + cb.a + " − " + cb.b +
                    " (what removing it changes by itself): " + brief(cb.overall) + ".";
    const double share = 100.0 * (main.overall.delta - ac.overall.delta) / main.overall.delta;
    const std::string explains = num(share) + " % of " + main.a + " − " + main.b +
                                 " by the point estimates (1 − Δ(" + ac.a + " − " + ac.b +
                                 ") / Δ(" + main.a + " − " + main.b + "))";
    if (!significant(main.overall, alpha)) {
        return s + " Whether the effect survives without " + c.removes +
               " is undetermined: " + main.a + " − " + main.b + " itself is not significant.";
    }
    const bool same_sign = (ac.overall.delta < 0) == (main.overall.delta < 0);
    if (significant(ac.overall, alpha) && same_sign) {
        return s + " The effect holds without " + c.removes + "; that difference accounts for " +
               explains + ".";
    }
    if (significant(cb.overall, alpha)) {
        return s + " Removing " + c.removes + " explains " + explains + ": " + ac.a + " − " + ac.b +
               " is not significant while " + cb.a + " − " + cb.b + " is.";
    }
    return s + " Undetermined whether the effect holds without " + c.removes + ": neither " + ac.a +
           " − " + ac.b + " nor " + cb.a + " − " + cb.b + " is significant.";
}

std::string sensitivityClaim(const Comparison& main, const SensitivityResult& r, double alpha) {
    std::string s, flips;
    int same = 0, sig = 0;
    for (const auto& v : r.variants) {
        s += (s.empty() ? "" : "; ") + v.a + " − " + v.b + ": " + brief(v.overall);
        if ((v.overall.delta < 0) == (main.overall.delta < 0)) {
            ++same;
        } else {
            flips += (flips.empty() ? "" : ", ") + v.b;
        }
        sig += significant(v.overall, alpha) ? 1 : 0;
    }
    const auto n = std::to_string(r.variants.size());
    return " Across " + r.of + " (" + s + "): the sign of " + main.a + " − " + main.b +
           (flips.empty() ? " holds in all " + n
                          : " holds in " + std::to_string(same) + " of " + n +
                                " (it changes against " + flips + ")") +
           ", significant in " + std::to_string(sig) + " of " + n + ".";
}

void addControls(const CellGroups& groups, const StudyOptions& o, const ComparisonDesign& d,
                 Comparison& main, Answers& out) {
    for (const auto& ctl : d.controls) {
        if (!groups.count(ctl.cell)) {
            main.claim += " The control " + ctl.cell + " (without " + ctl.removes +
                          ") has no finished runs in this experiment.";
            continue;
        }
        ControlResult r;
        r.comparison = d.id;
        r.cell = ctl.cell;
        r.removes = ctl.removes;
        r.a_vs_control = compareCells(groups, o, d.id + "_" + ctl.cell, "", d.a, ctl.cell);
        r.control_vs_b = compareCells(groups, o, ctl.cell + "_" + d.b, "", ctl.cell, d.b);
        if (main.available && r.a_vs_control.available && r.control_vs_b.available) {
            main.claim += controlClaim(main, r, o.alpha);
        }
        out.controls.push_back(std::move(r));
    }
    SensitivityResult sens;
    sens.comparison = d.id;
    sens.of = d.sensitivity_of;
    for (const auto& cell : d.sensitivity_cells) {
        if (groups.count(cell)) {
            auto v = compareCells(groups, o, d.id + "_" + cell, "", d.a, cell);
            if (v.available) {
                sens.variants.push_back(std::move(v));
            }
        }
    }
    if (!sens.variants.empty() && main.available) {
        main.claim += sensitivityClaim(main, sens, o.alpha);
        out.sensitivity.push_back(std::move(sens));
    }
}

} // namespace

Answers answerQuestions(const CellGroups& groups, const StudyOptions& o, const StudyDesign& design,
                        ComparisonSet& set) {
    Answers out;
    for (size_t i = 0; i < design.comparisons.size() && i < set.comparisons.size(); ++i) {
        const auto& d = design.comparisons[i];
        auto& main = set.comparisons[i];
        if (d.decomposition) {
            auto r = decompose(groups, o, d);
            r.claim = decompositionClaim(r, d, o);
            main.claim = r.claim;
            out.decompositions.push_back(std::move(r));
        }
        addControls(groups, o, d, main, out);
    }
    return out;
}

} // namespace rs
