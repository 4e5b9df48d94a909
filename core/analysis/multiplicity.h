#pragma once

#include "core/analysis/comparisons.h"
#include "core/analysis/decomposition.h"

#include <string>
#include <vector>

namespace rs {

// The study's multiplicity and survivorship, stated in the claims themselves.

// A run left out of the statistics (diverged, failed, cancelled, unfinished, duplicate) and why.
struct ExcludedRun {
    std::string run, cell, state, reason;
};

// Holm across the study's primary family: the level and the rate of every design comparison
// (not the change over time, which is descriptive), each at the reading that decides it (a
// decomposed comparison at its first tap). Those effects' p_holm become the family-adjusted
// values, and each claim names the family and gives the adjusted p. Returns the family's size.
int holmAcrossPrimary(std::vector<Comparison>& comparisons,
                      std::vector<DecompositionResult>& decompositions);

// Each claim counts the runs of its two cells left out ("B2: 1 of 4 diverged and is
// excluded") and says when the two cells lost different numbers.
void addSurvivorship(std::vector<Comparison>& comparisons, const std::vector<ExcludedRun>& out);

// The smallest Holm-adjusted p any one layer can reach: layers × the smallest p of the test at
// na against nb (e.g. 4 layers at 4 against 4: 4 × 2/70 = 0.114).
double perLayerHolmFloor(int layers, int na, int nb);

} // namespace rs
