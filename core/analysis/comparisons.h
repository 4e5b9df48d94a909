#pragma once

#include "core/analysis/effects.h"
#include "core/config/study_design.h"
#include "core/store/experiment.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rs {

// The study's comparisons of cells across seeds: each comparison of the design at the cells'
// common final checkpoint (level overall and per layer, and the rate over log tokens), the
// interaction and the agreement the design asks for, and the change over time.

struct CellStats {
    std::string cell;
    std::vector<std::string> runs;
    std::vector<int64_t> marks;          // token marks every run of the cell has probed
    std::vector<Summary> overall;        // per mark: metric averaged over layers and heads
    std::vector<Summary> final_by_layer; // at the last shared mark, per layer (mean over heads)
    double final_val_loss = std::numeric_limits<double>::quiet_NaN(); // mean over seeds
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
    // The per-run values behind `overall` and `rate` (finite ones, in run order).
    std::vector<double> a_values, b_values, a_rates, b_rates;
};

using CellGroups = std::map<std::string, std::vector<const RunSnapshot*>>;

// Marks probed by every run of the list, ascending.
std::vector<int64_t> sharedMarks(const std::vector<const RunSnapshot*>& runs);
CellStats cellStats(const std::string& cell, const std::vector<const RunSnapshot*>& members,
                    const StudyOptions& o);

// The options' measure of one run at a mark (layer -1: mean over layers), NaN when not probed.
double valueAt(const RunSnapshot& r, const StudyOptions& o, int64_t mark, int layer);
// The run's trajectory averaged over log tokens for marks in (0, last of `marks`].
double logTimeMean(const RunSnapshot& r, const StudyOptions& o, const std::vector<int64_t>& marks);

// a − b at the checkpoint both cells share (overall, per layer, rate) for the options' metric,
// representation and tap; unavailable (with the reason) when either cell has no finished run.
Comparison compareCells(const CellGroups& groups, const StudyOptions& o, const std::string& id,
                        const std::string& question, const std::string& a, const std::string& b);
// The sentence for a level effect ("Undetermined with …", the design's lower/higher sentence,
// or "No difference … detected", never a null), and the over-training sentence.
std::string levelClaim(const Comparison& c, const std::string& diff, const std::string& lower,
                       const std::string& higher, const std::string& what, double alpha);
std::string rateClaim(const Comparison& c, double alpha);
// "final K participation ratio (normed)": what a claim's numbers measure.
std::string measureName(const StudyOptions& o);

struct ComparisonSet {
    std::vector<Comparison> comparisons; // the design's in order, then "time"
    bool interaction_available = false;
    double interaction = 0.0; // e.g. (A1 - A2) - (B1 - B2) of the final overall metric
    stats::Interval interaction_ci;
    std::string data_agreement; // do the pooled and within-genre data contrasts agree?
};
ComparisonSet compareAll(const CellGroups& groups, const StudyOptions& o,
                         const StudyDesign& design);

} // namespace rs
