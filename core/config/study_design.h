#pragma once

#include "core/spectral/probe_names.h"
#include "core/util/json_fields.h"

#include <optional>
#include <string>
#include <vector>

namespace rs {

// The study as data: the "study" block of the matrix file (resources/matrix/default.json)
// names which cells each comparison contrasts, which cells each figure shows and which runs
// get the surgery sweep. A new comparison or cell is an edit of that file, not of code.

// A comparison read at several taps of the representation (QK-Norm: what it receives, the
// normalised representation before the gain, after the gain). The verdict is decided on the
// first tap; "similar" needs an equivalence test within ±margin (a fraction of |mean of B|).
struct TapDecomposition {
    std::vector<Tap> taps;
    double margin = 0.05;
    std::string similar; // the sentence for an equivalence; "{what}" as in lower/higher
    std::string control; // optional: a cell that differs from A only in `control_of`
    std::string control_of;
};

// A cell that differs from B only in what made A and B differ besides the factor (e.g. B1-wd0:
// B1 without the weight decay Muon cells do not have): A − control is reported beside A − B.
struct ControlDesign {
    std::string cell;
    std::string removes; // "the weight-decay difference"
};

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
    // Optional: the tap decomposition, controls of B, and sensitivity cells (variants of B that
    // enter the claim when an experiment has them: does the sign of A − B hold against each?).
    std::optional<TapDecomposition> decomposition;
    std::vector<ControlDesign> controls;
    std::vector<std::string> sensitivity_cells;
    std::string sensitivity_of; // "AdamW's learning rate"

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
