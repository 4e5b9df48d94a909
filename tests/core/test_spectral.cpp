#include "core/config/run_config.h"
#include "core/model/transformer.h"
#include "core/spectral/metrics.h"
#include "core/spectral/probe.h"
#include "core/store/follower.h"
#include "core/store/npy.h"
#include "core/util/files.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;

namespace {

Eigen::MatrixXd randomMatrix(int rows, int cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> n(0.0, 1.0);
    Eigen::MatrixXd m(rows, cols);
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) {
            m(i, j) = n(rng);
        }
    }
    return m;
}

// A = U diag(s) V^T with orthonormal U (rows x d) and V (d x d) from QR of Gaussians.
Eigen::MatrixXd withSpectrum(int rows, const Eigen::VectorXd& s, unsigned seed) {
    const int d = int(s.size());
    Eigen::MatrixXd u =
        Eigen::HouseholderQR<Eigen::MatrixXd>(randomMatrix(rows, d, seed)).householderQ() *
        Eigen::MatrixXd::Identity(rows, d);
    Eigen::MatrixXd v =
        Eigen::HouseholderQR<Eigen::MatrixXd>(randomMatrix(d, d, seed + 1)).householderQ() *
        Eigen::MatrixXd::Identity(d, d);
    return u * s.asDiagonal() * v.transpose();
}

} // namespace

TEST(Metrics, HandComputedSpectra) {
    // Identity-like spectrum: all d singular values equal -> every rank measure reads d.
    Eigen::VectorXd flat = Eigen::VectorXd::Constant(8, 2.0);
    auto m = rs::spectrumMetrics(flat);
    EXPECT_NEAR(m[rs::Metric::PR], 8.0, 1e-12);
    EXPECT_NEAR(m[rs::Metric::EntropyRank], 8.0, 1e-12);
    EXPECT_EQ(m[rs::Metric::EnergyRank90], 8); // 7/8 = 0.875 < 0.9
    EXPECT_NEAR(m[rs::Metric::Condition], 1.0, 1e-12);
    EXPECT_NEAR(m[rs::Metric::StableRank], 8.0, 1e-12);
    // Rank 1: PR 1, entropy rank 1, infinite condition number.
    Eigen::VectorXd one(4);
    one << 3, 0, 0, 0;
    m = rs::spectrumMetrics(one);
    EXPECT_NEAR(m[rs::Metric::PR], 1.0, 1e-12);
    EXPECT_NEAR(m[rs::Metric::EntropyRank], 1.0, 1e-12);
    EXPECT_EQ(m[rs::Metric::EnergyRank90], 1);
    EXPECT_TRUE(std::isinf(m[rs::Metric::Condition]));
    EXPECT_NEAR(m[rs::Metric::StableRank], 1.0, 1e-12);
    // diag(3, 2, 1): PR = 36/14, p = (1/2, 1/3, 1/6), energy 9/14 < .9 <= 13/14 -> 2,
    // stable rank 14/9, condition 3.
    Eigen::VectorXd d3(3);
    d3 << 3, 2, 1;
    m = rs::spectrumMetrics(d3);
    EXPECT_NEAR(m[rs::Metric::PR], 36.0 / 14.0, 1e-12);
    const double h = -(0.5 * std::log(0.5) + std::log(1.0 / 3) / 3 + std::log(1.0 / 6) / 6);
    EXPECT_NEAR(m[rs::Metric::EntropyRank], std::exp(h), 1e-12);
    EXPECT_EQ(m[rs::Metric::EnergyRank90], 2);
    EXPECT_EQ(rs::energyRank(d3, 1.0), 3);
    EXPECT_NEAR(m[rs::Metric::StableRank], 14.0 / 9.0, 1e-12);
    EXPECT_NEAR(m[rs::Metric::Condition], 3.0, 1e-12);
    Eigen::VectorXd bad(2);
    bad << std::nan(""), 1.0;
    EXPECT_FALSE(rs::spectrumMetrics(bad).valid);
}

TEST(Metrics, SvdAndGramRoutesAgreeOnRandomMatrices) {
    for (unsigned seed : {1u, 2u, 3u}) {
        auto a = randomMatrix(1000, 32, seed);
        auto s1 = rs::singularValues(a);
        auto s2 = rs::singularValuesGram(a);
        auto s3 = Eigen::BDCSVD<Eigen::MatrixXd>(a).singularValues();
        EXPECT_LT((s1 - s2).cwiseAbs().maxCoeff() / s1[0], 1e-12);
        EXPECT_LT((s1 - s3).cwiseAbs().maxCoeff() / s1[0], 1e-12);
    }
}

TEST(Metrics, RecoversAKnownSpectrumAcrossSixDecades) {
    Eigen::VectorXd s(16);
    for (int i = 0; i < 16; ++i) {
        s[i] = std::pow(10.0, -6.0 * i / 15.0); // 1 .. 1e-6
    }
    auto a = withSpectrum(1000, s, 7);
    auto qr_svd = rs::singularValues(a);
    // The QR + Jacobi route keeps every singular value to high relative accuracy...
    EXPECT_LT(((qr_svd - s).array() / s.array()).abs().maxCoeff(), 1e-8);
    EXPECT_NEAR(rs::conditionNumber(qr_svd) / 1e6, 1.0, 1e-7);
    // ...where the Gram route loses the small ones (squared condition number ~1e12).
    auto gram = rs::singularValuesGram(a);
    EXPECT_GT(std::abs(gram[15] - s[15]) / s[15], 1e-6);
}

TEST(Metrics, InvariantToRowOrderAndScale) {
    auto a = randomMatrix(300, 16, 9);
    a.col(3) *= 5.0;
    auto base = rs::representationMetrics(a, nullptr);
    Eigen::MatrixXd shuffled = a.colwise().reverse();
    auto m1 = rs::representationMetrics(shuffled, nullptr);
    auto m2 = rs::representationMetrics(a * 17.0, nullptr);
    for (const auto& m : {m1, m2}) {
        EXPECT_NEAR(m[rs::Metric::PR], base[rs::Metric::PR], 1e-9);
        EXPECT_NEAR(m[rs::Metric::CovPR], base[rs::Metric::CovPR], 1e-9);
        EXPECT_NEAR(m[rs::Metric::EntropyRank], base[rs::Metric::EntropyRank], 1e-9);
        EXPECT_EQ(m[rs::Metric::EnergyRank90], base[rs::Metric::EnergyRank90]);
        EXPECT_NEAR(m[rs::Metric::Condition], base[rs::Metric::Condition], 1e-6);
        EXPECT_NEAR(m[rs::Metric::StableRank], base[rs::Metric::StableRank], 1e-9);
    }
}

TEST(Metrics, CovariancePrIgnoresTheMean) {
    // Rank-1 data plus a large constant offset: the raw PR sees the offset, the covariance PR
    // (centred) sees one direction.
    Eigen::MatrixXd a(200, 4);
    for (int i = 0; i < 200; ++i) {
        a.row(i) << i * 0.01, 2 * i * 0.01, 0, 0;
    }
    a.rowwise() += Eigen::RowVector4d(10, -3, 7, 1);
    EXPECT_NEAR(rs::covarianceParticipationRatio(a), 1.0, 1e-9);
    // Against the SVD route on a random matrix: lambda = s^2 of the centred matrix.
    auto r = randomMatrix(500, 24, 11);
    Eigen::MatrixXd c = r.rowwise() - r.colwise().mean();
    Eigen::VectorXd l = rs::singularValues(c).array().square();
    EXPECT_NEAR(rs::covarianceParticipationRatio(r), l.sum() * l.sum() / l.squaredNorm(), 1e-10);
}

TEST(Metrics, SpearmanHandValues) {
    EXPECT_NEAR(rs::spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0, 1e-12);
    EXPECT_NEAR(rs::spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0, 1e-12);
    // ranks x: 1,2,3 ; y: 1.5,1.5,3 -> r = 0.866...
    EXPECT_NEAR(rs::spearman({1, 2, 3}, {5, 5, 9}), std::sqrt(3.0) / 2.0, 1e-12);
    EXPECT_TRUE(std::isnan(rs::spearman({1, 1, 1}, {1, 2, 3})));
}

TEST(Probe, RandomInitReadsNearFullRankEverywhere) {
    // At initialisation Q and K are random projections of (nearly isotropic) hidden states, so
    // each head's 1000 x d matrix is close to a Gaussian one, whose PR (sum s)^2/sum s^2 is
    // about 0.93 d for N/d = 31 (Marchenko-Pastur spread). The test asserts PR >= 0.8 d.
    torch::manual_seed(0);
    auto cfg = rs::loadPreset("quick").model;
    rs::Transformer model(cfg);
    auto eval = torch::randint(cfg.vocab_size, {8, 125}, torch::kInt64);
    auto res = rs::probeModel(*model, eval);
    ASSERT_TRUE(res.valid);
    const double d = double(cfg.headDim());
    const size_t expected =
        size_t(cfg.n_layers) * std::size(rs::kTapNames) * size_t(cfg.n_heads + cfg.n_kv_heads);
    ASSERT_EQ(res.representations.size(), expected);
    for (const auto& r : res.representations) {
        EXPECT_GE(r.metrics[rs::Metric::PR], 0.8 * d)
            << "layer " << r.layer << " head " << r.head << " " << rs::key(r.qk) << " "
            << rs::key(r.tap);
        EXPECT_EQ(r.sigma.size(), cfg.headDim());
    }
    ASSERT_EQ(res.gammas.size(), size_t(cfg.n_layers * (cfg.n_heads + cfg.n_kv_heads)));
    for (const auto& g : res.gammas) {
        EXPECT_DOUBLE_EQ(g.mean, 1.0); // gammas start at one
        EXPECT_EQ(g.frac_below_10pct, 0.0);
    }
    EXPECT_EQ(res.weights.size(), size_t(cfg.n_layers * (cfg.n_heads + cfg.n_kv_heads)));
}

TEST(Probe, GammaContributionAndNaNModel) {
    torch::manual_seed(1);
    auto cfg = rs::loadPreset("test").model;
    cfg.qk_norm_gamma = rs::GammaLayout::PerHead;
    rs::Transformer model(cfg);
    {
        torch::NoGradGuard ng;
        auto g = model->block(0)->attn->k_norm->weight;
        for (int64_t j = 0; j < g.size(1); ++j) {
            g[0][j] = 0.05 * double(j + 1); // contribution grows with |gamma|
        }
    }
    auto eval = torch::randint(cfg.vocab_size, {4, 64}, torch::kInt64);
    auto res = rs::probeModel(*model, eval);
    const rs::GammaRecord* k0 = nullptr;
    for (const auto& g : res.gammas) {
        if (g.qk == rs::QK::K && g.layer == 0 && g.head == 0) {
            k0 = &g;
        }
    }
    ASSERT_NE(k0, nullptr);
    double total = 0;
    for (double c : k0->contribution) {
        total += c;
    }
    EXPECT_NEAR(total, 1.0, 1e-9);
    EXPECT_GT(k0->spearman_abs_gamma_contribution, 0.9);

    auto dir = fs::temp_directory_path() / "rankscope-test-probe";
    fs::remove_all(dir);
    res.checkpoint_tokens = 512;
    const rs::RunLayout run(dir);
    rs::writeProbe(run, res.summary(), res.arrays());
    std::vector<size_t> shape;
    auto sig = rs::readNpy(run.probeDir(512) / "sigma_k_normed.npy", &shape);
    EXPECT_EQ(shape, (std::vector<size_t>{size_t(cfg.n_layers), size_t(cfg.n_kv_heads), 32}));
    EXPECT_TRUE(fs::exists(run.probeDir(512) / "summary.json"));
    // What is written is what is read: every field of the typed summary survives the file.
    const auto written = res.summary();
    const auto read = rs::readProbeSummary(run, 512);
    EXPECT_EQ(read.toJson(), written.toJson());
    ASSERT_EQ(read.reps.size(), res.representations.size());
    EXPECT_DOUBLE_EQ(read.reps[3].metrics[rs::Metric::PR],
                     res.representations[3].metrics[rs::Metric::PR]);
    EXPECT_DOUBLE_EQ(read.value(rs::QK::K, rs::Tap::Normed, rs::Metric::PR, -1, -1),
                     res.meanPR(rs::QK::K, rs::Tap::Normed));
    EXPECT_EQ(read.weights.size(), res.weights.size());
    EXPECT_EQ(rs::readSpectra(run, 512, rs::gammaArray(rs::QK::K)).at(0, 0), k0->gamma);

    {
        torch::NoGradGuard ng;
        model->block(1)->attn->k_proj->weight.fill_(std::nan(""));
    }
    auto broken = rs::probeModel(*model, eval);
    EXPECT_FALSE(broken.valid);
    const auto broken_json = broken.summary().toJson();
    EXPECT_EQ(broken_json["valid"], false);
    // A NaN representation has no metrics: null, never a participation ratio of 0.
    for (const auto& r : broken_json["representations"]) {
        if (r["layer"] == 1 && r["qk"] == "k") {
            EXPECT_TRUE(r["metrics"]["pr"].is_null()) << r.dump();
            EXPECT_TRUE(r["metrics"]["energy_rank_90"].is_null()) << r.dump();
        }
    }
}

TEST(Probe, SubspaceOverlapByHand) {
    Eigen::MatrixXd e0 = Eigen::MatrixXd::Zero(4, 1);
    e0(0, 0) = 1.0;
    EXPECT_DOUBLE_EQ(rs::subspaceOverlap({0}, e0), 1.0);
    EXPECT_DOUBLE_EQ(rs::subspaceOverlap({1}, e0), 0.0);
    Eigen::MatrixXd diag = Eigen::MatrixXd::Zero(4, 1);
    diag(0, 0) = diag(1, 0) = std::sqrt(0.5);
    EXPECT_NEAR(rs::subspaceOverlap({0}, diag), 0.5, 1e-12);
    // Two axes against a 2-D span holding one of them: (1 + 0) / 2.
    Eigen::MatrixXd two = Eigen::MatrixXd::Zero(4, 2);
    two(0, 0) = 1.0;
    two(2, 1) = 1.0;
    EXPECT_NEAR(rs::subspaceOverlap({0, 1}, two), 0.5, 1e-12);
}

// Gammas unrelated to the data still correlate with K's post-gain energy (it contains γ²), but
// not with the pre-gain energy: only the latter is evidence.
TEST(Probe, PregainEnergyIsFreeOfGamma) {
    torch::manual_seed(3);
    auto cfg = rs::loadPreset("test").model;
    ASSERT_EQ(cfg.qk_norm_gamma, rs::GammaLayout::Shared);
    rs::Transformer model(cfg);
    {
        torch::NoGradGuard ng;
        for (size_t l = 0; l < model->numBlocks(); ++l) {
            model->block(l)->attn->k_norm->weight.uniform_(0.1, 2.0); // random, data-blind
        }
    }
    auto eval = torch::randint(cfg.vocab_size, {8, 64}, torch::kInt64);
    auto res = rs::probeModel(*model, eval);
    double post = 0, pre = 0;
    int n = 0;
    for (const auto& g : res.gammas) {
        if (g.qk != rs::QK::K) {
            continue;
        }
        ++n;
        post += g.spearman_abs_gamma_contribution;
        pre += g.spearman_abs_gamma_pregain;
        double total = 0;
        for (double e : g.pregain_energy) {
            total += e;
        }
        EXPECT_NEAR(total, 1.0, 1e-9);
        for (double o : g.overlap) {
            EXPECT_GE(o, 0.0);
            EXPECT_LE(o, 1.0 + 1e-12);
        }
    }
    ASSERT_GT(n, 0);
    EXPECT_GT(post / n, 0.7);           // circular: high for random gamma
    EXPECT_LT(std::abs(pre / n), 0.35); // gamma-free: no relation to random gamma
    // A shared gain: every KV head of a layer records the same gamma.
    const rs::GammaRecord* first = nullptr;
    for (const auto& g : res.gammas) {
        if (g.qk == rs::QK::K && g.layer == 0) {
            if (!first) {
                first = &g;
            } else {
                EXPECT_EQ(g.gamma, first->gamma);
            }
        }
    }
    auto dir = fs::temp_directory_path() / "rankscope-test-probe-pregain";
    fs::remove_all(dir);
    res.checkpoint_tokens = 0;
    const rs::RunLayout run(dir);
    rs::writeProbe(run, res.summary(), res.arrays());
    std::vector<size_t> shape;
    rs::readNpy(run.probeDir(0) / "energy_k_pregain.npy", &shape);
    EXPECT_EQ(shape, (std::vector<size_t>{size_t(cfg.n_layers), size_t(cfg.n_kv_heads),
                                          size_t(cfg.headDim())}));
    const auto summary = res.summary().toJson();
    EXPECT_TRUE(summary["gammas"].back().contains("overlap_50"));
}

TEST(Store, NpyRoundTripAndFollowerReadsOnlyCompleteLines) {
    auto dir = fs::temp_directory_path() / "rankscope-test-follow";
    fs::remove_all(dir);
    fs::create_directories(dir);
    rs::writeNpy(dir / "a.npy", {1, 2, 3, 4, 5, 6}, {2, 3});
    std::vector<size_t> shape;
    EXPECT_EQ(rs::readNpy(dir / "a.npy", &shape), (std::vector<double>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(shape, (std::vector<size_t>{2, 3}));
    EXPECT_EQ(fs::file_size(dir / "a.npy") % 16, 0u); // 64-byte aligned header + 48 bytes

    const auto file = dir / "metrics.jsonl";
    rs::MetricsFollower follower(file);
    EXPECT_TRUE(follower.poll().empty()); // not there yet
    rs::appendLine(file, R"({"kind":"train","step":1})");
    std::ofstream(file, std::ios::app) << R"({"kind":"tra)"; // a writer mid-line
    auto first = follower.poll();
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].json["step"], 1);
    EXPECT_TRUE(follower.poll().empty());
    std::ofstream(file, std::ios::app) << "in\",\"step\":2}\n";
    auto second = follower.poll();
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].json["step"], 2);
}

namespace {

double probedPR(const rs::ProbeResult& res, rs::Tap tap, int layer, int head) {
    for (const auto& r : res.representations) {
        if (r.qk == rs::QK::K && r.tap == tap && r.layer == layer && r.head == head) {
            return r.metrics[rs::Metric::PR];
        }
    }
    return std::nan("");
}

} // namespace

// The gain-free tap: K RMS-normalised per token before any gain, recomputed here with torch in
// double from the model's own pre-norm K; blind to gamma, equal to "normed" while gamma is 1.
TEST(Probe, GainlessTapIsThePreTapNormalisedWithoutGain) {
    torch::manual_seed(3);
    auto cfg = rs::loadPreset("test").model;
    for (bool qk_norm : {true, false}) {
        cfg.qk_norm = qk_norm;
        rs::Transformer model(cfg);
        model->eval();
        auto eval = torch::randint(cfg.vocab_size, {4, 64}, torch::kInt64);
        const auto res = rs::probeModel(*model, eval);
        rs::QKTaps taps;
        {
            torch::NoGradGuard ng;
            model->forward(eval, &taps);
        }
        const auto k =
            taps.layers[1].k_pre.select(2, 0).reshape({-1, cfg.headDim()}).to(torch::kDouble);
        const auto x = k / torch::sqrt(k.pow(2).mean(-1, true) + cfg.norm_eps);
        const auto s = torch::linalg_svdvals(x);
        const double pr = std::pow(s.sum().item<double>(), 2) / s.pow(2).sum().item<double>();
        EXPECT_NEAR(probedPR(res, rs::Tap::Gainless, 1, 0), pr, 1e-8 * pr) << qk_norm;
        if (qk_norm) { // gamma = 1 at initialisation: the model's fp32 norm gives the same
            EXPECT_NEAR(probedPR(res, rs::Tap::Normed, 1, 0), pr, 1e-4 * pr);
        } else { // without QK-Norm, "normed" is the raw K, which per-token scaling changes
            EXPECT_GT(std::abs(probedPR(res, rs::Tap::Pre, 1, 0) - pr), 1e-6 * pr);
        }
    }
    // A sparse gain changes what comes after it, not the gain-free tap.
    cfg.qk_norm = true;
    torch::manual_seed(4);
    rs::Transformer model(cfg);
    auto eval = torch::randint(cfg.vocab_size, {4, 64}, torch::kInt64);
    const auto before = rs::probeModel(*model, eval);
    {
        torch::NoGradGuard ng;
        auto g = model->block(0)->attn->k_norm->weight;
        g.slice(-1, 0, cfg.headDim() / 2).fill_(0.01);
    }
    const auto after = rs::probeModel(*model, eval);
    EXPECT_DOUBLE_EQ(probedPR(after, rs::Tap::Gainless, 0, 0),
                     probedPR(before, rs::Tap::Gainless, 0, 0));
    EXPECT_LT(probedPR(after, rs::Tap::Normed, 0, 0),
              0.8 * probedPR(before, rs::Tap::Normed, 0, 0));
}
