#pragma once

#include "core/analysis/statistics.h"
#include "core/store/experiment.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace rs {

// The surgery rule on the ratio area(gamma − SVD) / area(random − SVD) of the loss curves over
// the pruned fraction: gamma is a reliable pruning guide below the first, misleading above the
// second. A cell gets a verdict only when the 95 % interval of its seeds' ratios lies wholly on
// one side of a threshold.
inline constexpr double kGammaReliableRatio = 0.25, kGammaMisleadingRatio = 0.5;

// Gamma as a proxy for which key dimensions are used, judged without circularity: K's energy
// after QK-Norm contains gamma^2, so its correlation with |gamma| is kept only for comparison.
struct GammaProxy {
    std::string run;
    std::string cell;
    int64_t checkpoint = 0;
    bool has_sweep = false;
    double area_gamma_svd = 0, area_random_svd = 0, area_random_gamma = 0; // loss x fraction
    double ratio = std::numeric_limits<double>::quiet_NaN(); // area(gamma-svd)/area(random-svd)
    // Against the best axis-aligned choice (energy strategy): NaN when the sweep lacks it.
    double area_gamma_energy = std::numeric_limits<double>::quiet_NaN();
    double area_random_energy = std::numeric_limits<double>::quiet_NaN();
    // At the last probe, per layer, mean over KV heads of Spearman(|gamma|, ...):
    std::vector<double> spearman_pregain_by_layer;  // pre-gain energy share (gamma-free)
    std::vector<double> spearman_postgain_by_layer; // post-gain share (contains gamma^2)
    // Overlap of the k smallest-|gamma| axes with the bottom-k singular subspace of the
    // pre-gain K (mean over layers and heads), k = 25/50/75 % of head_dim; chance = k / d.
    double overlap[3] = {std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::quiet_NaN()};
    bool has_ablation = false;
    int64_t ablation_checkpoint = 0;
    // Spearman(|gamma|, loss increase when that dimension alone is zeroed), mean over heads.
    double spearman_ablation = std::numeric_limits<double>::quiet_NaN();
    std::string claim;
};

// The measures of one finished run (its last probe, ablation and surgery sweep), with its claim.
GammaProxy gammaProxy(const RunSnapshot& r);

// Gamma as a proxy, one claim per cell over its seeds (mean and 95 % t interval of each measure;
// the verdict rests on the interval of the ablation correlation, else of the overlap:
// kAblationEvidence, kOverlapEvidence).
std::vector<std::string> gammaCellClaims(const std::vector<GammaProxy>& gamma);

// The surgery rule's verdict on a cell's ratios (one per seed): "reliable", "misleading",
// "between the thresholds" or "undetermined" (interval spanning a threshold, or below two
// seeds), with the mean and interval.
struct GammaRule {
    std::string verdict;
    double mean = std::numeric_limits<double>::quiet_NaN();
    stats::Interval ci;
    int n = 0;
};
GammaRule gammaRule(const std::vector<double>& ratios);

} // namespace rs
