#pragma once

#include "analysis/statistics.h"
#include "analysis/trajectory.h"
#include "store/experiment.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rs {

// The study's statistics over an experiment folder: cells across seeds, the four comparisons
// of DESIGN.md, trajectory dynamics, and gamma as a proxy. Everything here is computed from
// the runs' stored probes and surgery sweeps; nothing is trained or re-measured.
struct StudyOptions {
    std::string metric = "pr"; // a summary.json metric key
    char qk = 'k';
    std::string tap = "normed";
    uint64_t seed = 0; // bootstrap and Monte-Carlo permutation draws
    int resamples = stats::kBootstrapResamples;
    double alpha = 0.05;
};

// mean, sd and 95 % bootstrap CI of one quantity over a cell's seeds.
struct Summary {
    int n = 0;
    double mean = 0, sd = 0;
    stats::Interval ci;
    std::vector<double> values;
};

struct CellStats {
    std::string cell;
    std::vector<std::string> runs;
    std::vector<int64_t> marks;          // token marks every run of the cell has probed
    std::vector<Summary> overall;        // per mark: metric averaged over layers and heads
    std::vector<Summary> final_by_layer; // at the last shared mark, per layer (mean over heads)
    double final_val_loss = std::numeric_limits<double>::quiet_NaN(); // mean over seeds
};

struct Effect {
    int layer = -1; // -1: overall
    double delta = 0.0;
    stats::Interval ci;
    stats::PermutationResult p;
    double p_holm = 1.0; // per-layer effects: Holm-adjusted across layers
};

struct Comparison {
    std::string id;       // "qk_norm", "optimizer", "data", "time"
    std::string question; // what the comparison answers
    std::string a, b;     // cells (time: A1 final vs A1 first)
    int na = 0, nb = 0;
    bool available = false;
    std::string why_unavailable;
    Effect overall;
    std::vector<Effect> layers;
    std::string claim; // the sentence for the report, with its numbers
};

struct RunDynamics {
    std::string run, cell;
    PhaseTransition transition;
    double coupling = std::numeric_limits<double>::quiet_NaN();
};

struct GammaProxy {
    std::string run;
    int64_t checkpoint = 0;
    bool has_sweep = false;
    double area_gamma_svd = 0, area_random_svd = 0, area_random_gamma = 0; // loss x fraction
    double ratio = std::numeric_limits<double>::quiet_NaN(); // area(gamma-svd)/area(random-svd)
    std::vector<double> spearman_by_layer; // mean over heads of rho(|gamma|, c) at the last probe
    std::string claim;
};

struct StudyResult {
    StudyOptions options;
    std::vector<CellStats> cells;
    std::vector<Comparison> comparisons; // qk_norm, optimizer, data, time (those available)
    bool interaction_available = false;
    double interaction = 0.0; // (A1 - A2) - (B1 - B2) of the final overall metric
    stats::Interval interaction_ci;
    std::vector<RunDynamics> dynamics;
    std::string dynamics_claim;
    std::vector<GammaProxy> gamma;
    int min_seeds = 0; // the smallest number of seeds in any compared cell
};

StudyResult analyzeStudy(const std::vector<const RunSnapshot*>& runs,
                         const StudyOptions& options = {});

// Every metric of every representation, per cell and shared checkpoint, over seeds: the long
// table behind the figures (cell, tokens, layer, head, qk, tap, metric, n, mean, sd, CI).
struct CellMetricRow {
    std::string cell, qk, tap, metric;
    int64_t tokens = 0;
    int layer = 0, head = 0;
    Summary summary;
};
std::vector<CellMetricRow> cellMetricTable(const std::vector<const RunSnapshot*>& runs,
                                           const StudyOptions& options = {});

// "Δ = -1.23, 95% CI [-2.0, -0.4], p = 0.03 (exact permutation), n = 3 seeds per cell"
std::string describeEffect(const Effect& e, int na, int nb);

} // namespace rs
