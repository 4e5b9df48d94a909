#include "core/analysis/contrast_time.h"

#include <cmath>

namespace rs {

using namespace analysis;

size_t signHoldsFrom(const std::vector<double>& deltas) {
    if (deltas.empty()) {
        return 0;
    }
    const auto sign = [](double v) { return (v > 0) - (v < 0); };
    const int last = sign(deltas.back());
    size_t from = deltas.size() - 1;
    while (from > 0 && sign(deltas[from - 1]) == last) {
        --from;
    }
    return from;
}

namespace {

ContrastOverTime series(const CellGroups& groups, const StudyOptions& o, const std::string& id,
                        const std::string& a, const std::string& b) {
    ContrastOverTime s;
    s.comparison = id;
    s.a = a;
    s.b = b;
    s.tap = o.tap;
    if (!groups.count(a) || !groups.count(b)) {
        return s;
    }
    auto both = groups.at(a);
    both.insert(both.end(), groups.at(b).begin(), groups.at(b).end());
    std::vector<double> deltas;
    for (const auto mark : sharedMarks(both)) {
        std::vector<double> va, vb;
        for (const auto* r : groups.at(a)) {
            va.push_back(valueAt(*r, o, mark, -1));
        }
        for (const auto* r : groups.at(b)) {
            vb.push_back(valueAt(*r, o, mark, -1));
        }
        va = finite(va);
        vb = finite(vb);
        if (va.empty() || vb.empty()) {
            continue;
        }
        ContrastPoint p;
        p.tokens = mark;
        p.delta = stats::mean(va) - stats::mean(vb);
        p.ci = stats::welchDiffCI(va, vb);
        p.na = int(va.size());
        p.nb = int(vb.size());
        s.points.push_back(p);
        deltas.push_back(p.delta);
    }
    if (!s.points.empty()) {
        s.sign_holds_from = s.points[signHoldsFrom(deltas)].tokens;
    }
    return s;
}

} // namespace

std::vector<ContrastOverTime> contrastsOverTime(const CellGroups& groups, const StudyOptions& o,
                                                const StudyDesign& design) {
    std::vector<ContrastOverTime> out;
    for (const auto& d : design.comparisons) {
        if (!d.decomposition) {
            out.push_back(series(groups, o, d.id, d.a, d.b));
            continue;
        }
        for (const auto tap : d.decomposition->taps) {
            StudyOptions t = o;
            t.tap = tap;
            out.push_back(series(groups, t, d.id, d.a, d.b));
        }
    }
    return out;
}

void addSignHolds(std::vector<Comparison>& comparisons,
                  const std::vector<ContrastOverTime>& contrasts) {
    for (auto& c : comparisons) {
        // The first series of a comparison is the one its claim decides on.
        for (const auto& s : contrasts) {
            if (s.comparison != c.id || !c.available || s.points.size() < 2) {
                continue;
            }
            size_t from = 0;
            while (s.points[from].tokens < s.sign_holds_from) {
                ++from;
            }
            c.claim += " Over the budget (at '" + std::string(key(s.tap)) +
                       "'): Δ has had its "
                       "final sign from " +
                       std::to_string(s.sign_holds_from) + " tokens on (" +
                       std::to_string(s.points.size() - from) + " of " +
                       std::to_string(s.points.size()) + " shared marks)" +
                       (from == s.points.size() - 1 ? ", only at the last mark" : "") + ".";
            break;
        }
    }
}

} // namespace rs
