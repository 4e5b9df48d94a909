#pragma once

#include "core/analysis/comparisons.h"
#include "core/config/study_design.h"

#include <string>
#include <vector>

namespace rs {

// The comparisons that answer a question at more than one reading: a − b at several taps with
// an equivalence test (QK-Norm: cause or reporter), a − control beside a − b (the optimizer
// without its decay confound) and a − variant for sensitivity cells (AdamW's learning rate).

// How a difference is decided: a direction when significant, "similar" only when the
// equivalence test passes, else undetermined.
enum class Verdict { Lower, Higher, Similar, Undetermined };
const char* verdictKey(Verdict v); // "lower", "higher", "similar", "undetermined"

struct TapContrast {
    Tap tap = Tap::Pre;
    Comparison c;                 // a − b at this tap: level and rate
    stats::TostResult tost_level; // within ±margin · |mean of b| at the end
    stats::TostResult tost_rate;  // within ±margin · |mean of b's rate|
    Verdict level = Verdict::Undetermined, rate = Verdict::Undetermined;
};

struct DecompositionResult {
    std::string comparison; // the design's comparison id
    std::string a, b, control;
    std::vector<TapContrast> taps; // in the design's order; the first decides
    // Within a, paired per run: the last tap minus the one before (after the gain − before it).
    Comparison gain;
    std::vector<TapContrast> control_taps; // a − control at each tap; empty without the cell
    std::string claim;
};

struct ControlResult {
    std::string comparison, cell, removes;
    Comparison a_vs_control; // a − control
    Comparison control_vs_b; // control − b: what removing the difference changes by itself
};

struct SensitivityResult {
    std::string comparison, of;
    std::vector<Comparison> variants; // a − variant, for each variant the experiment has
};

struct Answers {
    std::vector<DecompositionResult> decompositions;
    std::vector<ControlResult> controls;
    std::vector<SensitivityResult> sensitivity;
};

// Every decomposition, control and sensitivity contrast the design asks for; each comparison's
// claim in `set` is replaced (decomposition) or extended (controls, sensitivity) by its words.
Answers answerQuestions(const CellGroups& groups, const StudyOptions& o, const StudyDesign& design,
                        ComparisonSet& set);

// The verdict on a − b at the end and over training, with the equivalence margin named.
Verdict decide(const Effect& e, const stats::TostResult& tost, double alpha);

} // namespace rs
