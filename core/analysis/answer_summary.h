#pragma once

#include "core/analysis/study.h"

#include <string>
#include <vector>

namespace rs {

// The study's questions at a glance, one row each, for the top of the report: the reading that
// decides it (QK-Norm: its first tap), the answer in one word, the effect with its interval, p
// (raw and Holm within the primary family), n, and the figure that shows it. Numbers are those
// of the detailed claims; nothing is decided here that they do not decide.
struct AnswerRow {
    std::string id, question;
    std::string contrast; // "A1 − A2 at pre"
    std::string answer;   // lower, higher, similar, undetermined, no difference detected,
                          // not answered
    bool available = false;
    double delta = 0.0, ci_lo = 0.0, ci_hi = 0.0, p = 1.0, p_holm = 1.0;
    bool survives_family = false; // a direction that holds after Holm across the primary family
    int na = 0, nb = 0;
    // Layers whose a − b has the other sign than the mean over layers: "L1 (+0.41)".
    std::vector<std::string> layers_against;
    std::string figure; // a figure id of the report
};

std::vector<AnswerRow> answerSummary(const StudyResult& s);

} // namespace rs
