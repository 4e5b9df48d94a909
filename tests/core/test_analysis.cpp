#include "analysis/statistics.h"
#include "analysis/trajectory.h"

#include <gtest/gtest.h>

#include <cmath>

namespace st = rs::stats;

TEST(Analysis, MeanAndSampleSd) {
    EXPECT_DOUBLE_EQ(st::mean({1, 2, 3, 4}), 2.5);
    EXPECT_NEAR(st::sd({1, 2, 3, 4}), std::sqrt(5.0 / 3.0), 1e-12);
    EXPECT_DOUBLE_EQ(st::sd({7}), 0.0);
}

TEST(Analysis, ExactPermutationTestMatchesEnumerationByHand) {
    // a = {1, 2}, b = {3, 4}: the six splits give |mean difference| 2, 1, 0, 0, 1, 2;
    // two reach the observed 2, so p = 2/6.
    const auto r = st::permutationTest({1, 2}, {3, 4}, 0);
    EXPECT_TRUE(r.exact);
    EXPECT_EQ(r.permutations, 6);
    EXPECT_NEAR(r.p, 1.0 / 3.0, 1e-12);
    // One value per group: both labellings are as extreme, p = 1: nothing can be claimed.
    const auto one = st::permutationTest({1}, {2}, 0);
    EXPECT_EQ(one.permutations, 2);
    EXPECT_DOUBLE_EQ(one.p, 1.0);
    // Three against three, completely separated: 2 of C(6,3) = 20 splits.
    EXPECT_NEAR(st::permutationTest({1, 2, 3}, {10, 11, 12}, 0).p, 0.1, 1e-12);
}

TEST(Analysis, MonteCarloPermutationForLargeSamples) {
    std::vector<double> a, b;
    for (int i = 0; i < 12; ++i) {
        a.push_back(i);
        b.push_back(100 + i);
    }
    const auto r = st::permutationTest(a, b, 7, 200000, 5000);
    EXPECT_FALSE(r.exact);
    EXPECT_EQ(r.permutations, 5001);
    EXPECT_NEAR(r.p, 1.0 / 5001.0, 1e-12); // only the observed labelling is as extreme
}

TEST(Analysis, SignFlipTestEnumeratesEveryPattern) {
    // d = {1, 2, 3}: of 8 sign patterns only all-plus and all-minus reach |mean| = 2.
    const auto r = st::signFlipTest({1, 2, 3});
    EXPECT_EQ(r.permutations, 8);
    EXPECT_DOUBLE_EQ(r.p, 0.25);
}

TEST(Analysis, HolmAdjustmentByHand) {
    // Sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> max(0.06, 0.04).
    const auto adj = st::holm({0.01, 0.04, 0.03, 0.005});
    ASSERT_EQ(adj.size(), 4u);
    EXPECT_NEAR(adj[0], 0.03, 1e-12);
    EXPECT_NEAR(adj[1], 0.06, 1e-12);
    EXPECT_NEAR(adj[2], 0.06, 1e-12);
    EXPECT_NEAR(adj[3], 0.02, 1e-12);
}

TEST(Analysis, BootstrapIntervalsAreSeededAndBounded) {
    const auto c = st::bootstrapMeanCI({5, 5, 5}, 1);
    EXPECT_DOUBLE_EQ(c.lo, 5.0);
    EXPECT_DOUBLE_EQ(c.hi, 5.0);
    const auto a = st::bootstrapMeanCI({1, 2, 3, 4, 5}, 3);
    const auto again = st::bootstrapMeanCI({1, 2, 3, 4, 5}, 3);
    EXPECT_DOUBLE_EQ(a.lo, again.lo);
    EXPECT_LT(a.lo, 3.0);
    EXPECT_GT(a.hi, 3.0);
    EXPECT_GE(a.lo, 1.0);
    EXPECT_LE(a.hi, 5.0);
    // A difference of means with no overlap: the interval excludes zero.
    const auto d = st::bootstrapDiffCI({10, 11, 12}, {1, 2, 3}, 5);
    EXPECT_GT(d.lo, 0.0);
    EXPECT_LE(d.hi, 11.0);
    const auto i = st::bootstrapInteractionCI({4}, {1}, {2}, {1}, 0);
    EXPECT_DOUBLE_EQ(i.lo, 2.0); // (4-1) - (2-1), no spread with single values
    EXPECT_DOUBLE_EQ(i.hi, 2.0);
}

TEST(Analysis, PearsonAndTrapezoid) {
    EXPECT_NEAR(st::pearson({1, 2, 3}, {2, 4, 6}), 1.0, 1e-12);
    EXPECT_NEAR(st::pearson({1, 2, 3}, {3, 2, 1}), -1.0, 1e-12);
    EXPECT_TRUE(std::isnan(st::pearson({1, 1, 1}, {1, 2, 3})));
    EXPECT_DOUBLE_EQ(st::trapezoid({0, 0.5, 1}, {0, 1, 0}), 0.5);
}

namespace {

const std::vector<double> kMarks = {0, 0.5e6, 1e6, 2e6, 4e6, 8e6, 12e6, 16e6, 20e6, 25e6};

} // namespace

TEST(Analysis, ChangePointFindsAPlantedDrop) {
    std::vector<double> y;
    for (size_t i = 0; i < kMarks.size(); ++i) {
        const double x = std::log10(kMarks[i] + 0.5e6);
        y.push_back(30 - 1.5 * x + (i >= 5 ? -8.0 : 0.0) + 0.05 * std::sin(double(i) * 1.7));
    }
    const auto r = rs::detectPhaseTransition(kMarks, y);
    EXPECT_TRUE(r.detected) << r.best_model << " dBIC " << r.delta_bic;
    EXPECT_DOUBLE_EQ(r.onset_tokens, 8e6);
    EXPECT_DOUBLE_EQ(r.before_tokens, 4e6);
    EXPECT_NEAR(r.magnitude, -8.0, 0.5);
}

TEST(Analysis, ChangePointFindsNoneInSmoothDecay) {
    std::vector<double> exp_decay, log_linear, rise;
    for (size_t i = 0; i < kMarks.size(); ++i) {
        exp_decay.push_back(6 + 14 * std::exp(-kMarks[i] / 5e6));
        log_linear.push_back(30 - 3 * std::log10(kMarks[i] + 0.5e6));
        rise.push_back(10 + (i >= 5 ? 8.0 : 0.0)); // a jump up is no collapse
    }
    for (const auto* y : {&exp_decay, &log_linear, &rise}) {
        const auto r = rs::detectPhaseTransition(kMarks, *y);
        EXPECT_TRUE(r.enough_points);
        EXPECT_FALSE(r.detected) << r.best_model << " dBIC " << r.delta_bic << " jump "
                                 << r.magnitude;
    }
    EXPECT_FALSE(rs::detectPhaseTransition({0, 1, 2}, {3, 2, 1}).enough_points);
}

TEST(Analysis, RankLossCouplingSign) {
    const std::vector<double> t = {0, 1e5, 2e5, 4e5, 8e5};
    // PR and loss fall together -> positive; PR falls while loss is flat -> not positive.
    EXPECT_GT(rs::rankLossCoupling(t, {20, 15, 12, 10, 9}, {8, 6, 5, 4.5, 4.3}), 0.9);
    const double flat = rs::rankLossCoupling(t, {20, 20, 12, 12, 12}, {8, 6, 6, 5, 4.9});
    EXPECT_LT(flat, 0.5);
}
