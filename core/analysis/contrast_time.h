#pragma once

#include "core/analysis/comparisons.h"
#include "core/config/study_design.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs {

// How each answer depends on the budget: a − b with its 95 % Welch interval at every mark both
// cells share, so a reader sees when the answer settles.
struct ContrastPoint {
    int64_t tokens = 0;
    double delta = 0.0;
    stats::Interval ci;
    int na = 0, nb = 0;
};

struct ContrastOverTime {
    std::string comparison, a, b;
    Tap tap = Tap::Normed; // the reading (a decomposed comparison has one series per tap)
    std::vector<ContrastPoint> points;
    // The first mark from which Δ keeps the final mark's sign through the end (-1: no points).
    int64_t sign_holds_from = -1;
};

// Every design comparison at the options' tap; a decomposed one at each of its taps instead.
std::vector<ContrastOverTime> contrastsOverTime(const CellGroups& groups, const StudyOptions& o,
                                                const StudyDesign& design);

// The first index from which every value has the last one's sign (0 when all do; the last
// index when the sign just changed). Zero counts as its own sign.
size_t signHoldsFrom(const std::vector<double>& deltas);

// Appends to each comparison's claim the mark from which its final sign holds.
void addSignHolds(std::vector<Comparison>& comparisons,
                  const std::vector<ContrastOverTime>& contrasts);

} // namespace rs
