// The report's first table: one row per question, from the numbers the claims use.
#include "core/analysis/answer_summary.h"
#include "core/analysis/decomposition.h"

#include <gtest/gtest.h>

namespace {

rs::Effect effect(double delta, double lo, double hi, double p, double p_holm, int layer = -1) {
    rs::Effect e;
    e.layer = layer;
    e.delta = delta;
    e.ci = {lo, hi};
    e.p.p = p;
    e.p_holm = p_holm;
    e.min_p = 1.0 / 35.0;
    return e;
}

rs::Comparison comparison(const std::string& id, double delta, double p, double p_holm) {
    rs::Comparison c;
    c.id = id;
    c.question = "Q " + id;
    c.a = "A1";
    c.b = "B1";
    c.na = c.nb = 4;
    c.available = true;
    c.overall = effect(delta, delta - 1, delta + 1, p, p_holm);
    return c;
}

} // namespace

TEST(AnswerSummary, RowsCarryTheDecidingContrastItsAnswerAndTheLayersAgainstTheMean) {
    rs::StudyResult s;
    // The optimizer: significant alone, not after Holm; layer 1 has the other sign.
    auto opt = comparison("optimizer", 7.5, 0.029, 0.23);
    opt.layers = {effect(8.0, 7, 9, 0.03, 0.06, 0), effect(-0.4, -1, 0.2, 0.4, 0.4, 1)};
    s.comparisons.push_back(opt);
    // QK-Norm: decided on its first tap, where the verdict is "similar" (TOST), not on the
    // comparison's own (normed) numbers, which say "lower".
    auto qk = comparison("qk_norm", -1.0, 0.029, 0.029);
    qk.a = "A1";
    qk.b = "A2";
    s.comparisons.push_back(qk);
    rs::DecompositionResult d;
    d.comparison = "qk_norm";
    rs::TapContrast pre;
    pre.tap = rs::Tap::Pre;
    pre.c = comparison("qk_norm", 0.1, 0.7, 1.0);
    pre.level = rs::Verdict::Similar;
    d.taps = {pre};
    s.answers.decompositions.push_back(d);
    // Not answered: no runs.
    rs::Comparison within;
    within.id = "data_within_genre";
    within.question = "Q within";
    within.a = "C3";
    within.b = "C4";
    s.comparisons.push_back(within);

    const auto rows = rs::answerSummary(s);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].answer, "higher");
    EXPECT_FALSE(rows[0].survives_family); // p 0.029 alone, 0.23 across the family
    EXPECT_DOUBLE_EQ(rows[0].delta, 7.5);
    EXPECT_DOUBLE_EQ(rows[0].ci_lo, 6.5);
    ASSERT_EQ(rows[0].layers_against.size(), 1u);
    EXPECT_EQ(rows[0].layers_against[0], "L1 (-0.4)");
    EXPECT_EQ(rows[0].figure, "contrast_over_time");
    EXPECT_EQ(rows[1].contrast, "A1 − A2 at pre");
    EXPECT_EQ(rows[1].answer, "similar");
    EXPECT_DOUBLE_EQ(rows[1].delta, 0.1); // the deciding tap's numbers
    EXPECT_DOUBLE_EQ(rows[1].p, 0.7);
    EXPECT_EQ(rows[2].answer, "not answered");
    EXPECT_FALSE(rows[2].available);
    // A significant direction that survives the family says so.
    s.comparisons[0].overall.p_holm = 0.01;
    EXPECT_TRUE(rs::answerSummary(s)[0].survives_family);
    // With too few seeds to reach alpha the answer is undetermined, whatever Δ.
    s.comparisons[0].overall.min_p = 0.1;
    EXPECT_EQ(rs::answerSummary(s)[0].answer, "undetermined");
}
