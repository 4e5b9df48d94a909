#pragma once

#include "core/analysis/statistics.h"
#include "core/spectral/probe_names.h"
#include "core/store/probe_record.h" // rs::kNaN

#include <limits>

#include <cstdint>
#include <string>
#include <vector>

namespace rs {

// One quantity over seeds, and the difference of two: the numbers every claim of the study
// carries, computed and worded in one place.

// What the study measures and how it tests: the metric of one representation, the seed of
// the Monte-Carlo permutation draws (exact enumeration needs none) and the level.
struct StudyOptions {
    Metric metric = Metric::PR;
    QK qk = QK::K;
    Tap tap = Tap::Normed;
    EvalBatch batch = EvalBatch::Shared; // Own: each run's variant's own held-out batch
    uint64_t seed = 0; // Monte-Carlo permutation draws (exact enumeration needs none)
    double alpha = 0.05;
};

// mean, sd and 95 % Student-t interval of one quantity over a cell's seeds (NaN below n = 2).
struct Summary {
    int n = 0;
    double mean = 0, sd = 0;
    stats::Interval ci;
    std::vector<double> values;
};

struct Effect {
    int layer = -1; // -1: overall
    double delta = 0.0;
    stats::Interval ci; // Welch (two groups) or Student t (paired differences), 95 %
    stats::PermutationResult p;
    double p_holm = 1.0; // layers: Holm across layers; level, rate: across the primary family
    double min_p = 1.0;  // the smallest p the test could give at these n
    bool paired = false; // sign-flip test over per-seed differences
};

Summary summarize(const std::vector<double>& v);
// Two groups: difference of means, Welch interval, two-sided permutation test.
Effect effectOf(const std::vector<double>& a, const std::vector<double>& b, int layer,
                uint64_t seed);
// Paired differences: mean, Student-t interval, sign-flip test.
Effect pairedEffectOf(const std::vector<double>& d, int layer, uint64_t seed);
// Per-layer p-values adjusted together (Holm), kept beside the raw ones.
void holmAcrossLayers(std::vector<Effect>& layers);
// Can the test reject at all with these seeds? If not, no claim either way.
bool determinable(const Effect& e, double alpha);
bool significant(const Effect& e, double alpha);

// "n = 4 seeds per cell", or "n = 4 and 3 seeds".
std::string seedsText(int na, int nb);
// "Δ = -1.23, 95% CI [-2.0, -0.4] (Welch t), p = 0.03 (exact permutation), n = 4 seeds per cell"
std::string describeEffect(const Effect& e, int na, int nb);

namespace analysis {
std::string fmt(const char* f, double v); // printf of one number
std::string num(double v);                // "%.3g", "n/a" when not finite
std::vector<double> finite(const std::vector<double>& v);
// A seed for one named test, so each comparison's permutations are drawn independently.
uint64_t mix(uint64_t seed, const std::string& key);
} // namespace analysis

} // namespace rs
