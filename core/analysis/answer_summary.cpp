#include "core/analysis/answer_summary.h"

#include "core/analysis/decomposition.h"

#include <cmath>
#include <cstdio>

namespace rs {

namespace {

std::string signedNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.3g", v);
    return buf;
}

// The one-word answer levelClaim gives for a comparison without a decomposition.
std::string plainAnswer(const Comparison& c, double alpha) {
    if (!c.available) {
        return "not answered";
    }
    if (!determinable(c.overall, alpha)) {
        return "undetermined";
    }
    if (significant(c.overall, alpha)) {
        return c.overall.delta < 0 ? "lower" : "higher";
    }
    return "no difference detected";
}

std::vector<std::string> layersAgainst(const Comparison& c) {
    std::vector<std::string> out;
    if (!c.available || c.overall.delta == 0.0) {
        return out;
    }
    for (const auto& l : c.layers) {
        if (std::isfinite(l.delta) && l.delta != 0.0 &&
            std::signbit(l.delta) != std::signbit(c.overall.delta)) {
            out.push_back("L" + std::to_string(l.layer) + " (" + signedNumber(l.delta) + ")");
        }
    }
    return out;
}

const DecompositionResult* decompositionOf(const StudyResult& s, const std::string& id) {
    for (const auto& d : s.answers.decompositions) {
        if (d.comparison == id && !d.taps.empty()) {
            return &d;
        }
    }
    return nullptr;
}

} // namespace

std::vector<AnswerRow> answerSummary(const StudyResult& s) {
    const double alpha = s.options.alpha;
    std::vector<AnswerRow> rows;
    for (const auto& c : s.comparisons) {
        AnswerRow r;
        r.id = c.id;
        r.question = c.question;
        const Comparison* deciding = &c;
        r.contrast = c.a + " − " + c.b;
        r.answer = plainAnswer(c, alpha);
        if (const auto* d = decompositionOf(s, c.id)) { // decided on its first tap
            const auto& t = d->taps.front();
            deciding = &t.c;
            r.contrast += std::string(" at ") + key(t.tap);
            r.answer = t.c.available ? verdictKey(t.level) : "not answered";
        }
        r.available = deciding->available;
        if (r.available) {
            const auto& e = deciding->overall;
            r.delta = e.delta;
            r.ci_lo = e.ci.lo;
            r.ci_hi = e.ci.hi;
            r.p = e.p.p;
            r.p_holm = e.p_holm;
            r.survives_family = (r.answer == "lower" || r.answer == "higher") && e.p_holm < alpha;
        }
        r.na = deciding->na;
        r.nb = deciding->nb;
        r.layers_against = layersAgainst(*deciding);
        r.figure = c.id == "time" ? "trajectory" : "contrast_over_time";
        rows.push_back(r);
    }
    return rows;
}

} // namespace rs
