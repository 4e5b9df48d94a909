#include "config/run_config.h"
#include "model/transformer.h"
#include "optim/optimizer_set.h"
#include "optim/orthogonalize.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

namespace {

// G = U diag(s) V^T with random orthogonal U, V and singular values log-spaced over `cond`.
struct KnownSpectrum {
    at::Tensor g, u, v;
};

KnownSpectrum knownSpectrum(int64_t rows, int64_t cols, double cond) {
    const int64_t k = std::min(rows, cols);
    auto u = std::get<0>(torch::linalg::qr(torch::randn({rows, k}, torch::kDouble), "reduced"));
    auto v = std::get<0>(torch::linalg::qr(torch::randn({cols, k}, torch::kDouble), "reduced"));
    auto s = torch::logspace(0, -std::log10(cond), k, 10.0, torch::kDouble);
    return {torch::matmul(u * s, v.t()).to(torch::kFloat), u, v};
}

struct PolarCheck {
    double smin, smax, rel_err, off_diagonal;
};

PolarCheck checkPolar(const KnownSpectrum& m, const rs::OrthogonalizeSchedule& s) {
    auto o = rs::orthogonalize(m.g, s).to(torch::kDouble);
    auto polar = torch::matmul(m.u, m.v.t());
    auto core = torch::matmul(torch::matmul(m.u.t(), o), m.v); // diagonal if directions kept
    auto diag = core.diagonal();
    return {diag.min().item<double>(), diag.max().item<double>(),
            ((o - polar).norm() / polar.norm()).item<double>(),
            (core - torch::diag(diag)).abs().max().item<double>()};
}

// The odd polynomial applied to one singular value: what the matrix iteration does to it.
double scalarIteration(double x, const rs::OrthogonalizeSchedule& s) {
    for (const auto& [a, b, c] : s.steps) {
        x = a * x + b * x * x * x + c * x * x * x * x * x;
    }
    return x;
}

} // namespace

// Tolerances: for a spectrum with condition number 100 the scalar maps send every normalised
// singular value into [0.68, 1.21] (quintic: its overshoot peaks near 1.2) and [0.86, 1.14] (Polar
// Express); the tests allow 0.03 for fp32 and assert that singular directions are kept exactly (to
// 1e-4).
TEST(Orthogonalize, QuinticLandsNearThePolarFactor) {
    torch::manual_seed(0);
    auto s = rs::orthogonalizeSchedule("quintic", 5);
    for (auto shape : {std::pair{64, 32}, std::pair{32, 64}, std::pair{48, 48}}) {
        auto c = checkPolar(knownSpectrum(shape.first, shape.second, 100.0), s);
        EXPECT_GT(c.smin, 0.65) << shape.first << "x" << shape.second;
        EXPECT_LT(c.smax, 1.22);
        EXPECT_LT(c.rel_err, 0.25);
        EXPECT_LT(c.off_diagonal, 1e-4);
    }
}

TEST(Orthogonalize, PolarExpressIsTighter) {
    torch::manual_seed(1);
    auto s = rs::orthogonalizeSchedule("polar_express", 5);
    for (auto shape : {std::pair{64, 32}, std::pair{32, 64}, std::pair{48, 48}}) {
        auto c = checkPolar(knownSpectrum(shape.first, shape.second, 100.0), s);
        EXPECT_GT(c.smin, 0.83) << shape.first << "x" << shape.second;
        EXPECT_LT(c.smax, 1.17);
        EXPECT_LT(c.rel_err, 0.12);
        EXPECT_LT(c.off_diagonal, 1e-4);
    }
}

TEST(Orthogonalize, ActsOnSingularValuesAsTheScalarPolynomial) {
    auto s = rs::orthogonalizeSchedule("quintic", 5);
    auto g = torch::diag(torch::tensor({3.0f, 4.0f}));
    auto o = rs::orthogonalize(g, s);
    EXPECT_NEAR(o[0][0].item<double>(), scalarIteration(0.6, s), 1e-5);
    EXPECT_NEAR(o[1][1].item<double>(), scalarIteration(0.8, s), 1e-5);
    EXPECT_NEAR(o[0][1].item<double>(), 0.0, 1e-7);
}

TEST(Optimizers, MuonStepMatchesHandComputation) {
    rs::MuonConfig mc; // lr 0.024, momentum 0.95, Nesterov, quintic x5
    auto sched = rs::orthogonalizeSchedule("quintic", 5);
    // Tall 4x2 matrix: rows/cols = 2, so the update is scaled by sqrt(2).
    auto p = torch::zeros({4, 2}).set_requires_grad(true);
    p.mutable_grad() = torch::zeros({4, 2});
    p.mutable_grad()[0][0] = 3.0;
    p.mutable_grad()[1][1] = 4.0;
    rs::Muon muon({p}, mc);
    muon.step();
    // buf = g; Nesterov update = g + 0.95 g; normalised: diag(0.6, 0.8) in the top block.
    const double scale = std::sqrt(2.0);
    EXPECT_NEAR(p[0][0].item<double>(), -0.024 * scale * scalarIteration(0.6, sched), 1e-6);
    EXPECT_NEAR(p[1][1].item<double>(), -0.024 * scale * scalarIteration(0.8, sched), 1e-6);
    EXPECT_EQ(p[2].abs().sum().item<double>(), 0.0);
    // Second step with the same gradient: buf = 0.95 g + g, update = g + 0.95 buf — still a
    // multiple of g, so the same orthogonal direction is applied again.
    muon.step();
    EXPECT_NEAR(p[0][0].item<double>(), -2 * 0.024 * scale * scalarIteration(0.6, sched), 1e-6);
}

TEST(Optimizers, ParameterSplitIsExactlyAsSpecified) {
    auto cfg = rs::loadPreset("test");
    rs::Transformer model(cfg.model);
    auto s = rs::splitParameters(*model, "muon_adamw");
    ASSERT_EQ(s.muon_names.size(), size_t(6 * cfg.model.n_layers));
    for (const auto& n : s.muon_names) {
        const bool ok = n.find("attn.q_proj") != std::string::npos ||
                        n.find("attn.k_proj") != std::string::npos ||
                        n.find("attn.v_proj") != std::string::npos ||
                        n.find("attn.o_proj") != std::string::npos ||
                        n.find("ffn.up") != std::string::npos ||
                        n.find("ffn.down") != std::string::npos;
        EXPECT_TRUE(ok) << n;
    }
    std::vector<std::string> adamw = s.adamw_names;
    // embedding + final norm + per block: attn_norm, ffn_norm, q gamma, k gamma
    ASSERT_EQ(adamw.size(), size_t(2 + 4 * cfg.model.n_layers));
    EXPECT_EQ(adamw.front(), "embed.weight");
    EXPECT_NE(std::find(adamw.begin(), adamw.end(), "block0.attn.k_norm.weight"), adamw.end());
    EXPECT_NE(std::find(adamw.begin(), adamw.end(), "final_norm.weight"), adamw.end());

    auto all = rs::splitParameters(*model, "adamw");
    EXPECT_TRUE(all.muon.empty());
    EXPECT_EQ(all.adamw.size(), s.adamw.size() + s.muon.size());
}

TEST(Optimizers, AdamWStepMatchesHandComputation) {
    auto cfg = rs::loadPreset("test");
    cfg.train.optimizer = "muon_adamw";
    rs::Transformer model(cfg.model);
    rs::OptimizerSet opt(*model, cfg.train);
    auto gamma = model->block(0)->attn->k_norm->weight;
    auto embed = model->embed->weight;
    const double e0 = embed[0][0].item<double>();
    for (auto& p : model->parameters()) {
        p.mutable_grad() = torch::full_like(p, 0.5);
    }
    opt.step();
    // First AdamW step: m_hat = g, v_hat = g^2, so p <- p (1 - lr wd) - lr g / (|g| + eps).
    const double lr = 0.006, wd = 0.2, step = lr * 0.5 / (0.5 + 1e-8);
    EXPECT_NEAR(gamma[0][0].item<double>(), 1.0 * (1 - lr * wd) - step, 1e-7);
    EXPECT_NEAR(embed[0][0].item<double>(), e0 * (1 - lr * wd) - step, 1e-7);
}

TEST(Optimizers, WarmupCosineSchedule) {
    rs::TrainConfig t;
    EXPECT_EQ(rs::lrMultiplier(t, 50, 100), 1.0);
    t.lr_schedule = "warmup_cosine";
    t.warmup_fraction = 0.1;
    t.min_lr_fraction = 0.1;
    EXPECT_NEAR(rs::lrMultiplier(t, 0, 100), 0.1, 1e-12); // step 1 of 10 warmup
    EXPECT_NEAR(rs::lrMultiplier(t, 9, 100), 1.0, 1e-12);
    EXPECT_NEAR(rs::lrMultiplier(t, 10, 100), 1.0, 1e-12);  // cosine starts at the top
    EXPECT_NEAR(rs::lrMultiplier(t, 55, 100), 0.55, 1e-12); // halfway: (1 + 0.1) / 2
    EXPECT_NEAR(rs::lrMultiplier(t, 100, 100), 0.1, 1e-12);
}
