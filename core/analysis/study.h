#pragma once

#include "core/analysis/statistics.h"
#include "core/analysis/trajectory.h"
#include "core/config/study_design.h"
#include "core/store/experiment.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rs {

// The study's statistics over an experiment folder: cells across seeds, the comparisons of the
// study (QK-Norm, optimizer, data pooled and within genre, time), trajectory dynamics, and gamma
// as a proxy. Everything here is computed from the stored probes and surgery sweeps of finished
// runs; nothing is trained or re-measured.
struct StudyOptions {
    Metric metric = Metric::PR;
    QK qk = QK::K;
    Tap tap = Tap::Normed;
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
    stats::Interval ci; // Welch (two groups) or Student t (paired differences), 95 %
    stats::PermutationResult p;
    double p_holm = 1.0; // per-layer effects: Holm-adjusted across layers
    double min_p = 1.0;  // the smallest p the test could give at these n
    bool paired = false; // sign-flip test over per-seed differences
};

struct Comparison {
    std::string id;       // "qk_norm", "optimizer", "data", "data_within_genre", "time"
    std::string question; // what the comparison answers
    std::string a, b;     // cells (time: A1 final vs A1 first)
    int na = 0, nb = 0;
    bool available = false;
    std::string why_unavailable;
    int64_t tokens = 0; // the common checkpoint both cells are compared at
    Effect overall;     // level: the metric at `tokens`
    std::vector<Effect> layers;
    bool rate_available = false;
    Effect rate;       // the trajectory's mean over log tokens (marks > 0 up to `tokens`)
    std::string claim; // the sentence for the report, with its numbers
};

// A run left out of the statistics: only finished runs are compared.
struct ExcludedRun {
    std::string run, cell, state, reason;
};

struct RunDynamics {
    std::string run, cell;
    PhaseTransition transition;
    double coupling = std::numeric_limits<double>::quiet_NaN();
};

// Gamma as a proxy for which key dimensions are used, judged without circularity: K's energy
// after QK-Norm contains gamma^2, so its correlation with |gamma| is kept only for comparison.
struct GammaProxy {
    std::string run;
    std::string cell;
    int64_t checkpoint = 0;
    bool has_sweep = false;
    double area_gamma_svd = 0, area_random_svd = 0, area_random_gamma = 0; // loss x fraction
    double ratio = std::numeric_limits<double>::quiet_NaN(); // area(gamma-svd)/area(random-svd)
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

struct StudyResult {
    StudyOptions options;
    std::vector<CellStats> cells;
    std::vector<Comparison> comparisons; // qk_norm, optimizer, data, data_within_genre, time
    bool interaction_available = false;
    double interaction = 0.0; // (A1 - A2) - (B1 - B2) of the final overall metric
    stats::Interval interaction_ci;
    std::string data_agreement; // do the pooled and within-genre data contrasts agree?
    std::vector<ExcludedRun> excluded;
    std::vector<RunDynamics> dynamics;
    std::string dynamics_claim;
    std::vector<GammaProxy> gamma;         // per run: the table
    std::vector<std::string> gamma_claims; // per cell, over its seeds: the claims
    int min_seeds = 0;                     // the smallest number of seeds in any compared cell
};

// Gamma as a proxy, one claim per cell over its seeds (mean and 95 % t interval of each measure;
// the verdict rests on the interval of the ablation correlation, else of the overlap).
std::vector<std::string> gammaCellClaims(const std::vector<GammaProxy>& gamma);

// The comparisons are those of `design` (by default the matrix file's), then the change over
// time.
StudyResult analyzeStudy(const std::vector<const RunSnapshot*>& runs,
                         const StudyOptions& options = {},
                         const StudyDesign& design = studyDesign());

// Every metric of every representation, per cell and shared checkpoint, over seeds: the long
// table behind the figures (cell, tokens, layer, head, qk, tap, metric, n, mean, sd, CI).
struct CellMetricRow {
    std::string cell;
    QK qk = QK::K;
    Tap tap = Tap::Normed;
    Metric metric = Metric::PR;
    int64_t tokens = 0;
    int layer = 0, head = 0;
    Summary summary;
};
// Every metric is tabulated, so no StudyOptions: finished runs only, t intervals.
std::vector<CellMetricRow> cellMetricTable(const std::vector<const RunSnapshot*>& runs);

// Finished runs (status done) with probes; every other run goes to `excluded` with its reason.
std::vector<const RunSnapshot*> studyRuns(const std::vector<const RunSnapshot*>& all,
                                          std::vector<ExcludedRun>* excluded = nullptr);

// "Δ = -1.23, 95% CI [-2.0, -0.4] (Welch t), p = 0.03 (exact permutation), n = 4 seeds per cell"
std::string describeEffect(const Effect& e, int na, int nb);

} // namespace rs
