#include "core/analysis/study.h"
#include "core/analysis/trajectory.h"
#include "core/data/document_sample.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace {

// A stream of `docs` documents of 10 + (d % 7) tokens each, every token naming its document.
std::vector<uint16_t> docStream(int docs, std::vector<int64_t>& starts) {
    std::vector<uint16_t> s;
    for (int d = 0; d < docs; ++d) {
        starts.push_back(int64_t(s.size()));
        s.insert(s.end(), size_t(10 + d % 7), uint16_t(d));
    }
    return s;
}

} // namespace

TEST(Data, DocumentSamplesAreWholeSeededAndInStreamOrder) {
    std::vector<int64_t> starts;
    const auto stream = docStream(200, starts);
    const auto a = rs::sampleDocuments(stream.data(), int64_t(stream.size()), starts, 0.5, 3);
    const auto again = rs::sampleDocuments(stream.data(), int64_t(stream.size()), starts, 0.5, 3);
    const auto b = rs::sampleDocuments(stream.data(), int64_t(stream.size()), starts, 0.5, 4);
    EXPECT_EQ(a.tokens, again.tokens); // the same seed draws the same sample
    EXPECT_NE(a.tokens, b.tokens);     // another seed another
    EXPECT_EQ(a.of_documents, 200);
    // At least half the tokens, and no more than one document beyond it.
    EXPECT_GE(double(a.tokens.size()), 0.5 * double(stream.size()));
    EXPECT_LT(double(a.tokens.size()), 0.5 * double(stream.size()) + 17);
    // Whole documents, each once, in stream order.
    std::map<uint16_t, int> count;
    for (auto t : a.tokens) {
        ++count[t];
    }
    EXPECT_EQ(int64_t(count.size()), a.documents);
    for (const auto& [d, n] : count) {
        EXPECT_EQ(n, 10 + d % 7) << "document " << d;
    }
    EXPECT_TRUE(std::is_sorted(a.tokens.begin(), a.tokens.end()));
    // Neither half a document nor everything: a fraction of 1 keeps the whole stream.
    const auto all = rs::sampleDocuments(stream.data(), int64_t(stream.size()), starts, 1.0, 3);
    EXPECT_EQ(all.tokens, stream);
    EXPECT_THROW(rs::sampleDocuments(stream.data(), int64_t(stream.size()), {5, 9}, 0.5, 1),
                 rs::UserError);
}

namespace {

// A finished run of a data cell: its variant, its key PR on the shared and its own batch at
// marks 0 and 100, the source mix of its split and its own sample.
rs::RunSnapshot dataRun(const std::string& cell, rs::DataVariant variant, int seed, double pr,
                        double own, const rs::Json& sources) {
    rs::RunSnapshot r;
    r.name = cell + "-s" + std::to_string(seed);
    r.cell = cell;
    r.seed = uint64_t(seed);
    r.status.state = rs::RunState::Done;
    rs::RunConfig cfg;
    cfg.cell = cell;
    cfg.seed = uint64_t(seed);
    cfg.data.variant = variant;
    r.config = cfg;
    r.data = {{"train_tokens_by_source", sources},
              {"sample", {{"seed", seed}, {"fraction", 0.5}, {"fnv1a64", 1000 + seed}}}};
    for (int64_t tokens : {int64_t(0), int64_t(100)}) {
        rs::ProbeSummary p;
        p.tokens = tokens;
        p.layers = 1;
        rs::RepresentationMetric m;
        m.metrics[rs::Metric::PR] = tokens == 0 ? 28.0 : pr;
        p.reps.push_back(m);
        m.metrics[rs::Metric::PR] = tokens == 0 ? 28.0 : own;
        p.own_reps.push_back(m);
        r.probes.push_back(p);
    }
    return r;
}

struct DataStudy {
    std::vector<rs::RunSnapshot> runs;
    rs::StudyResult res;
};

// C1 < C2 and C3 < C4, all significant at 4 seeds; C3 and C4 with the given source mixes.
DataStudy dataStudy(const rs::Json& c3_sources, const rs::Json& c4_sources) {
    DataStudy d;
    const rs::Json even = {{"fortunes", 500}, {"linux-doc", 500}};
    for (int s = 0; s < 4; ++s) {
        d.runs.push_back(dataRun("C1", rs::DataVariant::Simple, s, 5.0 + 0.1 * s, 6.0, even));
        d.runs.push_back(
            dataRun("C2", rs::DataVariant::Complex, s, 7.0 + 0.1 * s, 6.5 + 0.1 * s, even));
        d.runs.push_back(
            dataRun("C3", rs::DataVariant::ProseSimple, s, 5.0 + 0.1 * s, 5.0, c3_sources));
        d.runs.push_back(
            dataRun("C4", rs::DataVariant::ProseComplex, s, 6.0 + 0.1 * s, 5.0, c4_sources));
    }
    std::vector<const rs::RunSnapshot*> ptrs;
    for (const auto& r : d.runs) {
        ptrs.push_back(&r);
    }
    d.res = rs::analyzeStudy(ptrs);
    return d;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(Analysis, DataClaimsReportOwnBatchSamplesAndSourceMix) {
    const rs::Json mixed_a = {{"web-bible", 600}, {"sotu", 200}, {"fortunes", 200}};
    const rs::Json mixed_b = {{"web-bible", 100}, {"sotu", 500}, {"fortunes", 400}};
    const auto d = dataStudy(mixed_a, mixed_b);
    ASSERT_EQ(d.res.data.size(), 2u);
    const auto& pooled = d.res.data[0];
    EXPECT_EQ(pooled.comparison, "data");
    ASSERT_TRUE(pooled.own.available) << pooled.own.why_unavailable;
    // Own batch: C1 6.0 against C2 6.5 + 0.1 s (mean 6.65).
    EXPECT_NEAR(pooled.own.overall.delta, -0.65, 1e-9);
    EXPECT_EQ(pooled.sampled_a, 4);
    EXPECT_EQ(pooled.distinct_b, 4);
    EXPECT_NEAR(pooled.widest_gap, 0.0, 1e-12);
    const auto& genre = d.res.data[1];
    EXPECT_EQ(genre.widest_source, "web-bible"); // 60 % against 10 % (sotu 30, fortunes 20)
    EXPECT_NEAR(genre.widest_gap, 0.5, 1e-12);
    EXPECT_NEAR(genre.share_b.at("fortunes"), 0.4, 1e-12);

    const auto& claim = d.res.comparisons.at(3).claim;
    ASSERT_EQ(d.res.comparisons[3].id, "data_within_genre");
    EXPECT_TRUE(has(claim, "own held-out batch")) << claim;
    EXPECT_TRUE(has(claim, "4 of 4 runs (4 distinct samples)")) << claim;
    EXPECT_TRUE(has(claim, "the largest difference is web-bible (50 points)")) << claim;
    // Both contrasts significant and of one sign, but the prose pair differs in its sources:
    // the "not explained by genre" sentence must not stand.
    EXPECT_FALSE(has(claim, "not explained by the genres")) << claim;
    EXPECT_FALSE(has(d.res.data_agreement, "not explained by the genres")) << d.res.data_agreement;
    EXPECT_TRUE(has(claim, "not shown to be independent of genre or source")) << claim;

    // Source mixes within 10 points: the design's sentence stands.
    const auto close =
        dataStudy({{"web-bible", 550}, {"sotu", 450}}, {{"web-bible", 500}, {"sotu", 500}});
    EXPECT_TRUE(has(close.res.comparisons.at(3).claim, "not explained by the genres"))
        << close.res.comparisons[3].claim;
}

// The surgery rule on the seeds' ratios area(γ − SVD) / area(random − SVD): a verdict only
// when the 95 % t interval lies wholly on one side of a threshold.
TEST(Analysis, GammaSurgeryRuleNeedsTheIntervalOnOneSide) {
    // mean 0.1, sd 0.0258 (0.07, 0.09, 0.11, 0.13), t(3) = 3.182: [0.059, 0.141] < 0.25.
    auto r = rs::gammaRule({0.07, 0.09, 0.11, 0.13});
    EXPECT_EQ(r.verdict, "reliable");
    EXPECT_NEAR(r.ci.hi, 0.1 + 3.182446 * 0.0258199 / 2.0, 1e-4);
    EXPECT_EQ(rs::gammaRule({0.77, 0.79, 0.81, 0.83}).verdict, "misleading");
    EXPECT_EQ(rs::gammaRule({0.36, 0.37, 0.38, 0.39}).verdict, "between the thresholds");
    // The same mean as "reliable" but spread across 0.25: no verdict.
    EXPECT_EQ(rs::gammaRule({-0.2, 0.4, 0.0, 0.2}).verdict,
              "undetermined (the interval spans a threshold)");
    EXPECT_EQ(rs::gammaRule({0.1}).verdict, "undetermined"); // one seed: no interval
    EXPECT_EQ(rs::gammaRule({}).n, 0);

    // In a cell's claim, with the energy comparator beside it.
    std::vector<rs::GammaProxy> gs;
    for (int s = 0; s < 4; ++s) {
        rs::GammaProxy g;
        g.run = "A1-s" + std::to_string(s);
        g.cell = "A1";
        g.overlap[1] = 0.6;
        g.has_sweep = true;
        g.area_gamma_svd = 0.07 + 0.02 * s;
        g.area_random_svd = 1.0;
        g.ratio = g.area_gamma_svd;
        g.area_gamma_energy = 0.05 + 0.01 * s;
        gs.push_back(g);
    }
    const auto claims = rs::gammaCellClaims(gs);
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_TRUE(has(claims[0], "ratio 0.1 [95% CI 0.0589, 0.141]: reliable.")) << claims[0];
    EXPECT_TRUE(has(claims[0], "gamma prunes worse than the energy order")) << claims[0];
}

TEST(Analysis, PrimaryFamilyIsHolmAdjustedAndSurvivorsAreCounted) {
    auto comparison = [](const std::string& id, double p, double rate_p) {
        rs::Comparison c;
        c.id = id;
        c.a = "A1";
        c.b = "B2";
        c.na = 4;
        c.nb = 3;
        c.available = true;
        c.overall.p.p = p;
        c.rate_available = rate_p >= 0;
        c.rate.p.p = rate_p;
        return c;
    };
    std::vector<rs::Comparison> cs = {comparison("one", 0.01, 0.04), comparison("two", 0.03, -1),
                                      comparison("time", 0.001, 0.001)};
    std::vector<rs::DecompositionResult> none;
    // Holm over 3 tests: 0.01 * 3 = 0.03; 0.03 * 2 = 0.06; max(0.06, 0.04 * 1) = 0.06.
    EXPECT_EQ(rs::holmAcrossPrimary(cs, none), 3);
    EXPECT_NEAR(cs[0].overall.p_holm, 0.03, 1e-12);
    EXPECT_NEAR(cs[0].rate.p_holm, 0.06, 1e-12);
    EXPECT_NEAR(cs[1].overall.p_holm, 0.06, 1e-12);
    EXPECT_TRUE(has(cs[0].claim, "the study's 3 primary tests (level and rate of one, two), "
                                 "Holm-adjusted: p = 0.03 at the end, 0.06 over training"))
        << cs[0].claim;
    EXPECT_TRUE(cs[2].claim.empty()); // the change over time is descriptive, not in the family

    rs::addSurvivorship(cs, {{"B2-s3", "B2", "diverged", "loss not finite"}});
    EXPECT_TRUE(has(cs[1].claim, "Survivorship: B2: 1 diverged of 4 left out.")) << cs[1].claim;
    EXPECT_TRUE(has(cs[1].claim, "lost different numbers of runs")) << cs[1].claim;
    // 4 layers at 4 against 4 seeds: 4 * 2/70.
    EXPECT_NEAR(rs::perLayerHolmFloor(4, 4, 4), 4.0 * 2.0 / 70.0, 1e-12);
}

TEST(Analysis, ContrastOverTimeSaysFromWhichMarkTheSignHolds) {
    EXPECT_EQ(rs::signHoldsFrom({-1, 2, -3, -1, -2}), 2u);
    EXPECT_EQ(rs::signHoldsFrom({1, 2, 3}), 0u);
    EXPECT_EQ(rs::signHoldsFrom({1, -1}), 1u);
    // B1 − B2: equal at 0, below at 50, above from 100 on (at 100 and 150).
    std::vector<rs::RunSnapshot> runs;
    for (int s = 0; s < 3; ++s) {
        for (const char* cell : {"B1", "B2"}) {
            const bool b1 = std::string(cell) == "B1";
            rs::RunSnapshot r;
            r.name = std::string(cell) + "-s" + std::to_string(s);
            r.cell = cell;
            r.seed = uint64_t(s);
            r.status.state = rs::RunState::Done;
            const double values[4] = {28.0, b1 ? 9.0 : 10.0, b1 ? 8.0 : 7.0, b1 ? 7.0 : 6.0};
            for (int m = 0; m < 4; ++m) {
                rs::ProbeSummary p;
                p.tokens = 50 * m;
                p.layers = 1;
                rs::RepresentationMetric rep;
                rep.metrics[rs::Metric::PR] = values[m] + 0.1 * s;
                p.reps.push_back(rep);
                r.probes.push_back(p);
            }
            runs.push_back(r);
        }
    }
    std::vector<const rs::RunSnapshot*> ptrs;
    for (const auto& r : runs) {
        ptrs.push_back(&r);
    }
    const auto design = rs::StudyDesign::fromJson(rs::Json::parse(R"({
        "comparisons": [{"id": "adamw_qk_norm", "a": "B1", "b": "B2", "question": "q",
                         "lower": "lower {what}", "higher": "higher {what}"}],
        "figures": {"trajectory": ["B1", "B2"]}})"));
    const auto res = rs::analyzeStudy(ptrs, {}, design);
    ASSERT_EQ(res.contrasts.size(), 1u);
    const auto& c = res.contrasts[0];
    ASSERT_EQ(c.points.size(), 4u);
    EXPECT_NEAR(c.points[1].delta, -1.0, 1e-9);
    EXPECT_NEAR(c.points[3].delta, 1.0, 1e-9);
    EXPECT_LT(c.points[3].ci.lo, 1.0);
    EXPECT_EQ(c.sign_holds_from, 100);
    EXPECT_TRUE(has(res.comparisons[0].claim, "final sign from 100 tokens on (2 of 4 shared "
                                              "marks)"))
        << res.comparisons[0].claim;
}

TEST(Analysis, DropRulePowerIsSimulatedAndCouplingSkipsInitialisation) {
    std::vector<double> t = {0};
    for (int i = 0; i < 10; ++i) {
        t.push_back(65536.0 * (i + 1));
    }
    std::vector<double> smooth;
    for (double v : t) {
        smooth.push_back(28.0 - 3.0 * std::log10(v + 65536.0));
    }
    const auto fit = rs::fitSmooth(t, smooth);
    EXPECT_LT(fit.noise_sd, 1e-9); // a line in log tokens is its own smooth fit
    EXPECT_NEAR(fit.fitted[5], smooth[5], 1e-9);
    const double range = smooth.front() - smooth.back();
    // Without noise a drop of 20 % of the range is found wherever a smooth hinge cannot absorb
    // it: not before the first or the last mark (2 of the 10 positions), so at most ~80 %; in
    // noise of the whole range far less often.
    const double clean = rs::dropDetectionPower(t, smooth, 0.0, 0.2 * range, 200, 1);
    EXPECT_GT(clean, 0.6);
    EXPECT_LT(clean, 0.9);
    EXPECT_LT(rs::dropDetectionPower(t, smooth, range, 0.2 * range, 200, 1), clean - 0.3);
    EXPECT_EQ(rs::dropDetectionPower(t, smooth, 0.1, 0.2 * range, 50, 7),
              rs::dropDetectionPower(t, smooth, 0.1, 0.2 * range, 50, 7)); // seeded
    // The interval from token 0 (leaving the initialisation) does not enter the coupling.
    std::vector<double> pr, loss;
    for (size_t i = 0; i < t.size(); ++i) {
        pr.push_back(20.0 - 0.5 * double(i) + (i % 3 == 0 ? 0.3 : -0.2));
        loss.push_back(8.0 - 0.2 * double(i) + (i % 2 == 0 ? 0.1 : -0.1));
    }
    auto pr2 = pr, loss2 = loss;
    pr2[0] = 999.0;
    loss2[0] = -5.0;
    EXPECT_DOUBLE_EQ(rs::rankLossCoupling(t, pr, loss), rs::rankLossCoupling(t, pr2, loss2));
}
