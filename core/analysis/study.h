#pragma once

#include "core/analysis/comparisons.h"
#include "core/analysis/contrast_time.h"
#include "core/analysis/data_answers.h"
#include "core/analysis/decomposition.h"
#include "core/analysis/dynamics.h"
#include "core/analysis/effects.h"
#include "core/analysis/gamma_proxy.h"
#include "core/analysis/multiplicity.h"
#include "core/config/study_design.h"
#include "core/store/experiment.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs {

// The study's statistics over an experiment folder, cut by question: the comparisons of cells
// (comparisons.h), trajectory dynamics (dynamics.h) and gamma as a proxy (gamma_proxy.h), each
// with the evidence its claims rest on (effects.h, evidence.h). Everything is computed from
// the stored probes and surgery sweeps of finished runs; nothing is trained or re-measured.

// A run left out of the statistics: only finished runs are compared.

struct StudyResult {
    StudyOptions options;
    std::vector<CellStats> cells;
    std::vector<Comparison> comparisons; // qk_norm, optimizer, data, data_within_genre, time
    bool interaction_available = false;
    double interaction = 0.0; // (A1 - A2) - (B1 - B2) of the final overall metric
    stats::Interval interaction_ci;
    std::string data_agreement; // do the pooled and within-genre data contrasts agree?
    Answers answers; // tap decompositions, controls and sensitivity cells of the comparisons
    std::vector<DataAnswer> data; // own-batch contrast, samples and source mix of data claims
    std::vector<ContrastOverTime> contrasts; // a − b at every shared mark, per comparison (tap)
    std::vector<ExcludedRun> excluded;
    std::vector<RunDynamics> dynamics;
    std::string dynamics_claim;
    std::vector<GammaProxy> gamma;         // per run: the table
    std::vector<std::string> gamma_claims; // per cell, over its seeds: the claims
    int min_seeds = 0;                     // the smallest number of seeds in any compared cell
    int primary_family = 0; // tests in the Holm family of the primary claims (level and rate)
};

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

} // namespace rs
