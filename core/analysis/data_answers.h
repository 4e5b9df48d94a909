#pragma once

#include "core/analysis/comparisons.h"
#include "core/config/study_design.h"

#include <map>
#include <string>
#include <vector>

namespace rs {

// What a data comparison (two cells trained on different data variants) rests on beyond the
// shared-batch numbers: the contrast on each variant's own held-out batch, the source mix of
// the two training splits, and whether each seed trained on its own sample of documents.

// Above this difference in some source's share of the training tokens, a within-genre pair
// is not called free of its sources.
inline constexpr double kSourceGapLimit = 0.10;

struct DataAnswer {
    std::string comparison, a, b;
    Comparison own; // a − b, each run measured on its own variant's held-out batch
    std::map<std::string, double> share_a, share_b; // share of the split's training tokens
    std::string widest_source;                      // the source whose shares differ most
    double widest_gap = 0.0;                        // |share_a − share_b| of that source
    int runs_a = 0, runs_b = 0;                     // finished runs of each cell
    int sampled_a = 0, sampled_b = 0;               // of them, with their own document sample
    int distinct_a = 0, distinct_b = 0;             // distinct samples (by token hash)
    double fraction = 1.0;                          // the samples' share of the split

    // Each source of either split with its two shares (0 where a split lacks it), by name.
    struct SourcePair {
        std::string source;
        double a = 0.0, b = 0.0;
    };
    std::vector<SourcePair> sourcePairs() const;
};

// Share of tokens per source of a training split (tokens by source, as run.json records it).
std::map<std::string, double> sourceShares(const Json& tokens_by_source);

// Every comparison of the design whose two cells train on different data variants; each one's
// claim in `set` gains its own-batch, sample and source-mix sentences. A within-genre pair
// whose source mix differs by more than kSourceGapLimit loses any "not explained by genre"
// sentence of its agreement.
std::vector<DataAnswer> answerData(const CellGroups& groups, const StudyOptions& o,
                                   const StudyDesign& design, ComparisonSet& set);

} // namespace rs
