#include "core/analysis/multiplicity.h"

#include <cmath>
#include <map>

namespace rs {

using namespace analysis;

namespace {

// The comparison as its claim decides it: the decomposition's first tap, else itself.
Comparison* deciding(Comparison& c, std::vector<DecompositionResult>& decompositions) {
    for (auto& d : decompositions) {
        if (d.comparison == c.id && !d.taps.empty() && d.taps.front().c.available) {
            return &d.taps.front().c;
        }
    }
    return &c;
}

} // namespace

int holmAcrossPrimary(std::vector<Comparison>& comparisons,
                      std::vector<DecompositionResult>& decompositions) {
    std::vector<double> ps;
    std::vector<Effect*> effects;
    std::string names;
    for (auto& c : comparisons) {
        if (c.id == "time" || !c.available) {
            continue;
        }
        auto* d = deciding(c, decompositions);
        names += (names.empty() ? "" : ", ") + c.id;
        ps.push_back(d->overall.p.p);
        effects.push_back(&d->overall);
        if (d->rate_available) {
            ps.push_back(d->rate.p.p);
            effects.push_back(&d->rate);
        }
    }
    const auto adj = stats::holm(ps);
    for (size_t i = 0; i < effects.size(); ++i) {
        effects[i]->p_holm = adj[i];
    }
    const int n = int(ps.size());
    for (auto& c : comparisons) {
        if (c.id == "time" || !c.available || n < 2) {
            continue;
        }
        const auto* d = deciding(c, decompositions);
        c.claim += " Family: the study's " + std::to_string(n) +
                   " primary tests (level and rate of " + names +
                   "), Holm-adjusted: p = " + fmt("%.3g", d->overall.p_holm) + " at the end" +
                   (d->rate_available ? ", " + fmt("%.3g", d->rate.p_holm) + " over training"
                                      : std::string()) +
                   (d != &c ? " (on the deciding tap)" : "") + ".";
    }
    return n;
}

void addSurvivorship(std::vector<Comparison>& comparisons, const std::vector<ExcludedRun>& out) {
    // cell -> state -> count
    std::map<std::string, std::map<std::string, int>> lost;
    for (const auto& e : out) {
        ++lost[e.cell][e.state];
    }
    auto count = [&](const std::string& cell) {
        int n = 0;
        for (const auto& [state, k] : lost[cell]) {
            n += k;
        }
        return n;
    };
    auto text = [&](const std::string& cell, int kept) {
        std::string s;
        const int total = kept + count(cell);
        for (const auto& [state, k] : lost[cell]) {
            s += (s.empty() ? "" : ", ") + std::to_string(k) + " " + state;
        }
        return cell + ": " + s + " of " + std::to_string(total) + " left out";
    };
    for (auto& c : comparisons) {
        if (!c.available || c.id == "time") {
            continue;
        }
        const int la = count(c.a), lb = count(c.b);
        if (la == 0 && lb == 0) {
            continue;
        }
        std::string s;
        if (la > 0) {
            s += text(c.a, c.na);
        }
        if (lb > 0) {
            s += (s.empty() ? "" : "; ") + text(c.b, c.nb);
        }
        c.claim += " Survivorship: " + s + "." +
                   (la != lb ? " The two cells lost different numbers of runs, so the survivors "
                               "may differ in more than the factor."
                             : "");
    }
}

double perLayerHolmFloor(int layers, int na, int nb) {
    return std::min(1.0, double(layers) * stats::smallestPermutationP(na, nb));
}

} // namespace rs
