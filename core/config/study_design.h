#pragma once

#include "core/util/json_fields.h"

#include <optional>
#include <string>
#include <vector>

namespace rs {

// The study as data: the "study" block of the matrix file (resources/matrix/default.json)
// names which cells each comparison contrasts, which cells each figure shows and which runs
// get the surgery sweep. A new comparison or cell is an edit of that file, not of code.

// Two cells compared at their common final checkpoint, A − B.
struct ComparisonDesign {
    std::string id;       // e.g. "qk_norm": names the comparison in tables and tests
    std::string name;     // short word for cross-references ("pooled"); defaults to id
    std::string question; // what it answers
    std::string a, b;     // cells
    // The claim's sentences for A below / above B; "{what}" stands for the metric's name.
    std::string lower, higher;
    // Optional: the interaction (c0 − c1) − (c2 − c3) at the checkpoint all four share,
    // reported with this comparison.
    std::vector<std::string> interaction_cells;
    std::string interaction_of; // what interacts, e.g. "QK-Norm and optimizer"
    // Optional: the comparison whose sign this one is checked against, and what agreement
    // with both significant / anything else means.
    std::string agrees_with, agreement_both, agreement_otherwise;

    // `lower` or `higher` with the metric's name in place of {what}.
    std::string sentence(bool a_lower, const std::string& what) const;
};

struct StudyDesign {
    std::vector<ComparisonDesign> comparisons;
    std::vector<std::string> trajectory_cells; // the collapse-trajectory figure
    std::vector<std::string> waterfall_cells;  // the waterfall (first seed of each)
    std::vector<std::string> complexity_cells; // the per-layer data-complexity figure
    std::vector<std::string> surgery_cells;    // swept at the final checkpoint by the main job

    static StudyDesign fromJson(const Json& study); // ConfigError names a bad field
    const ComparisonDesign* comparison(const std::string& id) const;
};

// The design of the built-in matrix file.
const StudyDesign& studyDesign();

} // namespace rs
