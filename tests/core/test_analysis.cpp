#include "core/analysis/statistics.h"
#include "core/analysis/study.h"
#include "core/analysis/trajectory.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

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

TEST(Analysis, RankLossCouplingRemovesTheSharedTrend) {
    const std::vector<double> t = {0, 1e5, 2e5, 4e5, 8e5, 16e5, 32e5, 64e5};
    // Slopes per log10 token (x = log10(t + 1e5), as the fit places token 0): both steepest
    // early and flattening linearly in x, plus wiggles.
    std::vector<double> x;
    for (double v : t) {
        x.push_back(std::log10(v + 1e5));
    }
    const double wp[] = {0.3, -0.2, 0.1, -0.3, 0.2, 0.0, -0.1};
    const double unrelated[] = {-0.1, -0.1, 0.2, 0.2, -0.1, -0.1, 0.0};
    auto build = [&](const double* wiggle_loss) {
        std::vector<double> pr = {20}, loss = {8};
        for (size_t i = 1; i < t.size(); ++i) {
            const double mid = 0.5 * (x[i] + x[i - 1]), dx = x[i] - x[i - 1];
            pr.push_back(pr.back() + (-30 + 4 * mid + wp[i - 1]) * dx);
            loss.push_back(loss.back() + (-12 + 1.6 * mid + wiggle_loss[i - 1]) * dx);
        }
        return std::pair{pr, loss};
    };
    // Unrelated wiggles: the raw slopes correlate (shared trend), the partial correlation not.
    auto [pr, loss] = build(unrelated);
    EXPECT_LT(std::abs(rs::rankLossCoupling(t, pr, loss)), 0.5);
    // The loss wiggles with the rank beyond the trend: strongly positive.
    auto [pr2, loss2] = build(wp);
    EXPECT_GT(rs::rankLossCoupling(t, pr2, loss2), 0.99);
    EXPECT_TRUE(std::isnan(rs::rankLossCoupling({0, 1e5, 2e5, 4e5}, {3, 2, 1, 0}, {3, 2, 1, 0})));
}

TEST(Analysis, StudentTQuantilesMatchTables) {
    // Two-sided 95 % critical values from standard t tables.
    EXPECT_NEAR(st::studentTQuantile(0.975, 1), 12.7062, 1e-4);
    EXPECT_NEAR(st::studentTQuantile(0.975, 2), 4.30265, 1e-5);
    EXPECT_NEAR(st::studentTQuantile(0.975, 3), 3.18245, 1e-5);
    EXPECT_NEAR(st::studentTQuantile(0.975, 5), 2.57058, 1e-5);
    EXPECT_NEAR(st::studentTQuantile(0.975, 10), 2.22814, 1e-5);
    EXPECT_NEAR(st::studentTQuantile(0.975, 1000), 1.96234, 1e-4);
    EXPECT_NEAR(st::studentTQuantile(0.5, 4), 0.0, 1e-9);
    EXPECT_NEAR(st::studentTCdf(-2.0, 3.5), 1.0 - st::studentTCdf(2.0, 3.5), 1e-12);
}

TEST(Analysis, TIntervalsByHand) {
    // {1, 2, 3}: mean 2, sd 1, se 1/sqrt 3, t(0.975, 2) = 4.30265.
    const auto c = st::tMeanCI({1, 2, 3});
    EXPECT_NEAR(c.lo, 2 - 4.30265 / std::sqrt(3.0), 1e-4);
    EXPECT_NEAR(c.hi, 2 + 4.30265 / std::sqrt(3.0), 1e-4);
    EXPECT_TRUE(std::isnan(st::tMeanCI({5}).lo)); // no spread from one value
    // Equal variances and sizes: Welch df = 2 (n - 1) = 4, se = sqrt(1/3 + 1/3).
    const auto d = st::welchDiffCI({11, 12, 13}, {1, 2, 3});
    const double half = st::studentTQuantile(0.975, 4) * std::sqrt(2.0 / 3.0);
    EXPECT_NEAR(d.lo, 10 - half, 1e-9);
    EXPECT_NEAR(d.hi, 10 + half, 1e-9);
    const auto i = st::welchInteractionCI({4, 5}, {1, 2}, {2, 3}, {1, 2});
    EXPECT_LT(i.lo, 2.0);
    EXPECT_GT(i.hi, 2.0);
    EXPECT_TRUE(std::isnan(st::welchInteractionCI({4}, {1}, {2}, {1}).lo));
}

// Coverage of the interval actually used, on normal data at the small n the study has.
TEST(Analysis, TIntervalCoverageIsNominalAtSmallN) {
    std::mt19937_64 rng(2026);
    std::normal_distribution<double> normal(3.0, 2.0);
    for (int n : {3, 4, 6}) {
        int covered = 0, diff_covered = 0;
        const int reps = 4000;
        for (int r = 0; r < reps; ++r) {
            std::vector<double> a(static_cast<size_t>(n)), b(static_cast<size_t>(n));
            for (auto& x : a) {
                x = normal(rng);
            }
            for (auto& x : b) {
                x = normal(rng) * 0.5 + 1.0; // mean 2.5, sd 1
            }
            const auto c = st::tMeanCI(a);
            covered += c.lo <= 3.0 && 3.0 <= c.hi ? 1 : 0;
            const auto d = st::welchDiffCI(a, b);
            diff_covered += d.lo <= 0.5 && 0.5 <= d.hi ? 1 : 0;
        }
        const double cov = double(covered) / reps, dcov = double(diff_covered) / reps;
        EXPECT_GE(cov, 0.93) << "n = " << n;
        EXPECT_LE(cov, 0.97) << "n = " << n;
        EXPECT_GE(dcov, 0.93) << "n = " << n;
        EXPECT_LE(dcov, 0.97) << "n = " << n;
    }
}

TEST(Analysis, SmallestAchievablePByHand) {
    EXPECT_DOUBLE_EQ(st::smallestPermutationP(1, 1), 1.0);
    EXPECT_NEAR(st::smallestPermutationP(2, 2), 2.0 / 6.0, 1e-12);
    EXPECT_NEAR(st::smallestPermutationP(3, 3), 0.1, 1e-12);
    EXPECT_NEAR(st::smallestPermutationP(4, 4), 2.0 / 70.0, 1e-12);
    EXPECT_NEAR(st::smallestPermutationP(3, 4), 1.0 / 35.0, 1e-12);
    EXPECT_DOUBLE_EQ(st::smallestSignFlipP(4), 0.125);
    EXPECT_NEAR(st::smallestSignFlipP(6), 2.0 / 64.0, 1e-12);
    // The permutation test does reach it on fully separated groups.
    EXPECT_NEAR(st::permutationTest({1, 2, 3, 4}, {10, 11, 12, 13}, 0).p,
                st::smallestPermutationP(4, 4), 1e-12);
}

TEST(Analysis, GammaClaimsAreOnePerCellAndRestOnTheIntervalOverSeeds) {
    auto proxy = [](const std::string& cell, int seed, double ablation, double overlap50) {
        rs::GammaProxy g;
        g.run = cell + "-s" + std::to_string(seed);
        g.cell = cell;
        g.has_ablation = true;
        g.spearman_ablation = ablation;
        g.overlap[0] = 0.3;
        g.overlap[1] = overlap50;
        g.overlap[2] = 0.8;
        g.spearman_pregain_by_layer = {0.5, 0.6};
        g.spearman_postgain_by_layer = {0.9};
        return g;
    };
    std::vector<rs::GammaProxy> gs;
    // A1: every seed near 0.63 -> the interval lies above 0.5.
    for (int s = 0; s < 4; ++s) {
        gs.push_back(proxy("A1", s, 0.60 + 0.02 * s, 0.6));
    }
    // B1: the same mean, spread over seeds -> the interval reaches below 0.
    for (double a : {-0.4, 0.95, 0.1, 0.9}) {
        gs.push_back(proxy("B1", int(gs.size()), a, 0.6));
    }
    const auto claims = rs::gammaCellClaims(gs);
    ASSERT_EQ(claims.size(), 2u);
    EXPECT_NE(claims[0].find("Gamma as a proxy in A1 (n = 4 seeds): gamma ranks key dimensions "
                             "by their use"),
              std::string::npos)
        << claims[0];
    // mean 0.63, sd 0.0258, t(3) = 3.182: 0.63 +- 0.041 -> [0.589, 0.671]
    EXPECT_NE(claims[0].find("0.63 [95% CI 0.589, 0.671]"), std::string::npos) << claims[0];
    EXPECT_NE(claims[1].find("B1 (n = 4 seeds): whether gamma ranks key dimensions by use is not "
                             "settled"),
              std::string::npos)
        << claims[1];
}

TEST(Analysis, SignFlipTestDrawsPatternsBeyondTwentyPairs) {
    // 30 pairs all positive: no drawn pattern is as extreme as the observed one except the
    // all-positive and all-negative ones (2 of 2^30), so p = 1 / (draws + 1) almost surely.
    std::vector<double> up(30, 1.0);
    for (size_t i = 0; i < up.size(); ++i) {
        up[i] += 0.01 * double(i);
    }
    const auto r = st::signFlipTest(up, 7, 20, 999);
    EXPECT_FALSE(r.exact);
    EXPECT_EQ(r.permutations, 1000);
    EXPECT_DOUBLE_EQ(r.p, 1.0 / 1000.0);
    // Symmetric pairs: mean 0, every pattern at least as extreme: p = 1.
    std::vector<double> sym;
    for (int i = 0; i < 15; ++i) {
        sym.push_back(i + 1.0);
        sym.push_back(-(i + 1.0));
    }
    EXPECT_DOUBLE_EQ(st::signFlipTest(sym, 7, 20, 999).p, 1.0);
    // Up to max_exact_n it stays exact: {1, 2, 3} -> 2 of 8 patterns.
    const auto e = st::signFlipTest({1, 2, 3}, 7, 20, 999);
    EXPECT_TRUE(e.exact);
    EXPECT_DOUBLE_EQ(e.p, 0.25);
}

namespace {

// A finished run of `cell` whose mean key PR after QK-Norm is `pr` at marks 0 and 100.
rs::RunSnapshot studyRun(const std::string& cell, int seed, double pr0, double pr) {
    rs::RunSnapshot r;
    r.name = cell + "-s" + std::to_string(seed);
    r.cell = cell;
    r.seed = uint64_t(seed);
    r.status.state = rs::RunState::Done;
    for (auto [tokens, v] : {std::pair{int64_t(0), pr0}, std::pair{int64_t(100), pr}}) {
        rs::ProbeSummary p;
        p.tokens = tokens;
        p.layers = 1;
        rs::RepresentationMetric m;
        m.metrics[rs::Metric::PR] = v;
        p.reps.push_back(m);
        r.probes.push_back(p);
    }
    return r;
}

} // namespace

// The comparisons come from the matrix file's study block: a new one is a JSON edit.
TEST(Analysis, ComparisonsAreTheDesignsData) {
    const auto& def = rs::studyDesign();
    ASSERT_EQ(def.comparisons.size(), 4u);
    EXPECT_EQ(def.comparisons[0].id, "qk_norm");
    EXPECT_EQ(def.comparisons[3].agrees_with, "data");
    EXPECT_EQ(def.trajectory_cells, (std::vector<std::string>{"A1", "A2", "B1", "B2"}));

    std::vector<rs::RunSnapshot> runs;
    for (int s = 0; s < 4; ++s) {
        runs.push_back(studyRun("B1", s, 28.0, 7.0 + 0.1 * s));
        runs.push_back(studyRun("B2", s, 28.0, 5.0 + 0.1 * s));
    }
    std::vector<const rs::RunSnapshot*> ptrs;
    for (const auto& r : runs) {
        ptrs.push_back(&r);
    }
    const auto design = rs::StudyDesign::fromJson(rs::Json::parse(R"({
        "comparisons": [{"id": "adamw_qk_norm", "a": "B1", "b": "B2",
                         "question": "Does QK-Norm matter under AdamW alone?",
                         "lower": "Under AdamW, QK-Norm lowers the {what}",
                         "higher": "Under AdamW, QK-Norm raises the {what}"}],
        "figures": {"trajectory": ["B1", "B2"]}})"));
    const auto res = rs::analyzeStudy(ptrs, {}, design);
    ASSERT_EQ(res.comparisons.size(), 2u); // the design's one, then the change over time
    const auto& c = res.comparisons[0];
    EXPECT_EQ(c.id, "adamw_qk_norm");
    ASSERT_TRUE(c.available) << c.why_unavailable;
    EXPECT_NEAR(c.overall.delta, 2.0, 1e-9);
    // 4 against 4, completely separated: p = 2 / C(8, 4) = 2/70.
    EXPECT_NEAR(c.overall.p.p, 2.0 / 70.0, 1e-12);
    EXPECT_NE(c.claim.find("Under AdamW, QK-Norm raises the final K participation ratio "
                           "(normed)"),
              std::string::npos)
        << c.claim;
    EXPECT_NE(c.claim.find("B1 − B2"), std::string::npos) << c.claim;
    EXPECT_EQ(res.comparisons[1].id, "time");

    try {
        rs::StudyDesign::fromJson(rs::Json::parse(
            R"({"comparisons": [{"id": "x", "a": "A1", "b": "Z9", "lower": "l", "higher": "h"}]})"));
        ADD_FAILURE() << "a comparison of an unknown cell must be refused";
    } catch (const rs::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("'Z9'"), std::string::npos) << e.what();
    }
}

// Two one-sided Welch tests: d = -0.5, se = sqrt(2 * (5/3) / 4), df = 6; the one-sided p-values
// are Student-t tail areas (by numerical integration of the t density: 0.0757, 0.0169, 0.00431).
TEST(Analysis, WelchTostByHand) {
    const std::vector<double> a{1, 2, 3, 4}, b{1.5, 2.5, 3.5, 4.5};
    const auto two = st::welchTost(a, b, 2.0);
    EXPECT_NEAR(two.p_lower, 0.0757270, 1e-6); // t = 1.5 / se
    EXPECT_NEAR(two.p_upper, 0.0168989, 1e-6); // t = -2.5 / se
    EXPECT_DOUBLE_EQ(two.p, two.p_lower);
    EXPECT_FALSE(two.equivalent);
    const auto three = st::welchTost(a, b, 3.0);
    EXPECT_NEAR(three.p_lower, 0.0168989, 1e-6);
    EXPECT_NEAR(three.p_upper, 0.00430916, 1e-6);
    EXPECT_TRUE(three.equivalent);
    // Equivalence at 0.05 is the 90 % interval inside the margin: [-2.274, 1.274].
    EXPECT_NEAR(three.ci.lo, -0.5 - 1.9431802805 * 0.9128709292, 1e-6);
    EXPECT_TRUE(std::isnan(st::welchTost({1.0}, b, 3.0).p)); // no spread to estimate
}

namespace {

// A finished run whose K PR is `pre`, `gainless` and `normed` at those taps (marks 0 and 100).
rs::RunSnapshot tapRun(const std::string& cell, int seed, double pre, double gainless,
                       double normed) {
    rs::RunSnapshot r = studyRun(cell, seed, 28.0, normed);
    for (auto& p : r.probes) {
        const bool end = p.tokens > 0;
        for (auto [tap, v] :
             {std::pair{rs::Tap::Pre, pre}, std::pair{rs::Tap::Gainless, gainless}}) {
            rs::RepresentationMetric m;
            m.tap = tap;
            m.metrics[rs::Metric::PR] = end ? v : 28.0;
            p.reps.push_back(m);
        }
    }
    return r;
}

struct TapCase {
    std::vector<double> a_pre, b_pre, a_normed, b_normed;
};

std::string qkNormClaim(const TapCase& c) {
    std::vector<rs::RunSnapshot> runs;
    for (int s = 0; s < 4; ++s) {
        runs.push_back(tapRun("A1", s, c.a_pre[s], c.a_pre[s] - 1, c.a_normed[s]));
        runs.push_back(tapRun("A2", s, c.b_pre[s], c.b_pre[s] - 1, c.b_normed[s]));
    }
    std::vector<const rs::RunSnapshot*> ptrs;
    for (const auto& r : runs) {
        ptrs.push_back(&r);
    }
    const auto res = rs::analyzeStudy(ptrs);
    EXPECT_EQ(res.answers.decompositions.size(), 1u);
    return res.comparisons.at(0).claim;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

// The QK-Norm verdict follows the plan's table on what QK-Norm receives (the pre tap): lower,
// higher, similar only with a passing equivalence test, otherwise undetermined.
TEST(Analysis, QkNormVerdictIsDecidedOnThePreTap) {
    const std::string what = "the final K participation ratio (pre)";
    const std::vector<double> flat{10, 10.01, 10.02, 10.03}, flat2{10.005, 10.015, 10.025, 10.035};
    const std::vector<double> low{5, 5.1, 5.2, 5.3}, high{7, 7.1, 7.2, 7.3};
    const auto lower = qkNormClaim({low, high, flat, flat});
    EXPECT_TRUE(has(lower, "QK-Norm accelerates collapse of the representation it normalises (" +
                               what + " is lower with it)"))
        << lower;
    const auto higher = qkNormClaim({high, low, flat, flat});
    EXPECT_TRUE(has(higher, "QK-Norm raises the rank of the representation it normalises (" + what +
                                " is higher with it)"))
        << higher;
    const auto similar = qkNormClaim({flat, flat2, flat, flat});
    EXPECT_TRUE(has(similar, "QK-Norm reports rather than causes the collapse: " + what +
                                 " of the representation it normalises is the same with and "
                                 "without it"))
        << similar;
    EXPECT_TRUE(has(similar, "equivalence margin ±0.5")) << similar; // 5 % of A2's 10.02
    const auto unsettled = qkNormClaim({{8, 12, 6, 14}, {10, 9, 13, 7}, flat, flat});
    EXPECT_TRUE(has(unsettled, "undetermined: the difference in " + what.substr(4) +
                                   " is neither significant nor shown to lie within the "
                                   "equivalence margin"))
        << unsettled;
    for (const auto* c : {&lower, &higher, &unsettled}) {
        EXPECT_FALSE(has(*c, "reports rather than causes")) << *c;
    }
    EXPECT_FALSE(has(similar, "accelerates")) << similar;
    // After the gain lower, before it the same: the reporter mechanism, with both numbers.
    const auto reporter = qkNormClaim({flat, flat2, low, high});
    EXPECT_TRUE(has(reporter, "the gain makes the keys look lower-rank (after the gain, 'normed': "
                              "Δ = -2"))
        << reporter;
    EXPECT_TRUE(has(reporter, "while the representation QK-Norm normalises is not ('pre': Δ = "))
        << reporter;
    EXPECT_FALSE(has(lower, "reporter mechanism")) << lower;
    // The gain's own effect within A1: normed − gainless, paired per run.
    EXPECT_TRUE(has(lower, "Within A1, the gain's own effect (A1 normed − A1 gainless, paired per "
                           "run, n = 4)"))
        << lower;
}

// The optimizer claim is repeated against the control without the decay difference.
TEST(Analysis, OptimizerClaimReportsTheDecayControl) {
    std::vector<rs::RunSnapshot> runs;
    for (int s = 0; s < 4; ++s) {
        runs.push_back(studyRun("A1", s, 28.0, 5.0 + 0.1 * s));
        runs.push_back(studyRun("B1", s, 28.0, 9.0 + 0.1 * s));
        runs.push_back(studyRun("B1-wd0", s, 28.0, 7.0 + 0.1 * s));
    }
    std::vector<const rs::RunSnapshot*> ptrs;
    for (const auto& r : runs) {
        ptrs.push_back(&r);
    }
    const auto res = rs::analyzeStudy(ptrs);
    const auto& opt = res.comparisons.at(1);
    ASSERT_EQ(opt.id, "optimizer");
    // A1 − B1 = -4, A1 − B1-wd0 = -2 (significant, same sign): holds, decay accounts for 50 %.
    EXPECT_TRUE(has(opt.claim, "The effect holds without the weight-decay difference"))
        << opt.claim;
    EXPECT_TRUE(has(opt.claim, "accounts for 50 % of A1 − B1")) << opt.claim;
    ASSERT_EQ(res.answers.controls.size(), 1u);
    EXPECT_NEAR(res.answers.controls[0].control_vs_b.overall.delta, -2.0, 1e-9);

    // Without the wd0 runs the claim says the control is missing rather than guessing.
    std::vector<const rs::RunSnapshot*> no_control;
    for (const auto* r : ptrs) {
        if (r->cell != "B1-wd0") {
            no_control.push_back(r);
        }
    }
    const auto res2 = rs::analyzeStudy(no_control);
    EXPECT_TRUE(has(res2.comparisons.at(1).claim, "The control B1-wd0"))
        << res2.comparisons[1].claim;
}
