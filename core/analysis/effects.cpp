#include "core/analysis/effects.h"

#include <cmath>
#include <cstdio>
#include <functional>

namespace rs {

namespace analysis {

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

} // namespace analysis

using namespace analysis;

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

bool determinable(const Effect& e, double alpha) {
    return e.min_p <= alpha && std::isfinite(e.ci.lo);
}

bool significant(const Effect& e, double alpha) {
    return determinable(e, alpha) && e.p.p < alpha && (e.ci.lo > 0 || e.ci.hi < 0);
}

std::string seedsText(int na, int nb) {
    if (na == nb) {
        return "n = " + std::to_string(na) + (na == 1 ? " seed per cell" : " seeds per cell");
    }
    return "n = " + std::to_string(na) + " and " + std::to_string(nb) + " seeds";
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

} // namespace rs
