#include "core/config/run_config.h"
#include "core/model/transformer.h"
#include "core/optim/optimizer_set.h"
#include "core/optim/orthogonalize.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <sstream>

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
    auto s = rs::orthogonalizeSchedule(rs::Orthogonalization::Quintic, 5);
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
    auto s = rs::orthogonalizeSchedule(rs::Orthogonalization::PolarExpress, 5);
    for (auto shape : {std::pair{64, 32}, std::pair{32, 64}, std::pair{48, 48}}) {
        auto c = checkPolar(knownSpectrum(shape.first, shape.second, 100.0), s);
        EXPECT_GT(c.smin, 0.83) << shape.first << "x" << shape.second;
        EXPECT_LT(c.smax, 1.17);
        EXPECT_LT(c.rel_err, 0.12);
        EXPECT_LT(c.off_diagonal, 1e-4);
    }
}

TEST(Orthogonalize, ActsOnSingularValuesAsTheScalarPolynomial) {
    auto s = rs::orthogonalizeSchedule(rs::Orthogonalization::Quintic, 5);
    auto g = torch::diag(torch::tensor({3.0f, 4.0f}));
    auto o = rs::orthogonalize(g, s);
    EXPECT_NEAR(o[0][0].item<double>(), scalarIteration(0.6, s), 1e-5);
    EXPECT_NEAR(o[1][1].item<double>(), scalarIteration(0.8, s), 1e-5);
    EXPECT_NEAR(o[0][1].item<double>(), 0.0, 1e-7);
}

TEST(Optimizers, MuonStepMatchesHandComputation) {
    rs::MuonConfig mc; // lr 0.024, momentum 0.95, Nesterov
    mc.coefficients = rs::Orthogonalization::Quintic;
    auto sched = rs::orthogonalizeSchedule(rs::Orthogonalization::Quintic, 5);
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
    auto s = rs::splitParameters(*model, rs::Optimizer::MuonAdamW);
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

    auto all = rs::splitParameters(*model, rs::Optimizer::AdamW);
    EXPECT_TRUE(all.muon.empty());
    EXPECT_EQ(all.adamw.size(), s.adamw.size() + s.muon.size());
}

TEST(Optimizers, AdamWStepMatchesHandComputation) {
    auto cfg = rs::loadPreset("test");
    cfg.train.optimizer = rs::Optimizer::MuonAdamW;
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
    EXPECT_NEAR(gamma[0].item<double>(), 1.0 * (1 - lr * wd) - step, 1e-7);
    EXPECT_NEAR(embed[0][0].item<double>(), e0 * (1 - lr * wd) - step, 1e-7);
}

TEST(Optimizers, WarmupCosineSchedule) {
    rs::TrainConfig t;
    EXPECT_EQ(rs::lrMultiplier(t, 50, 100), 1.0);
    t.lr_schedule = rs::LrSchedule::WarmupCosine;
    t.warmup_fraction = 0.1;
    t.min_lr_fraction = 0.1;
    EXPECT_NEAR(rs::lrMultiplier(t, 0, 100), 0.1, 1e-12); // step 1 of 10 warmup
    EXPECT_NEAR(rs::lrMultiplier(t, 9, 100), 1.0, 1e-12);
    EXPECT_NEAR(rs::lrMultiplier(t, 10, 100), 1.0, 1e-12);  // cosine starts at the top
    EXPECT_NEAR(rs::lrMultiplier(t, 55, 100), 0.55, 1e-12); // halfway: (1 + 0.1) / 2
    EXPECT_NEAR(rs::lrMultiplier(t, 100, 100), 0.1, 1e-12);
}

namespace {

// U V^T of G by SVD in double: the exact polar factor.
at::Tensor exactPolar(const at::Tensor& g) {
    auto [u, s, vh] = torch::linalg::svd(g.to(torch::kDouble), false, c10::nullopt);
    return torch::matmul(u, vh);
}

double relDiff(const at::Tensor& a, const at::Tensor& b) {
    return ((a.to(torch::kDouble) - b.to(torch::kDouble)).norm() / b.to(torch::kDouble).norm())
        .item<double>();
}

} // namespace

// The reference stacks a layer's W_q, W_k, W_v, W_o into one [q + 2kv + o, d] parameter; one
// Muon step must move all four by the polar factor of the stacked momentum matrix.
TEST(Optimizers, FusedMuonStepIsThePolarFactorOfTheStackedMatrix) {
    torch::manual_seed(11);
    const int64_t d = 16, kv = 8;
    std::vector<at::Tensor> ps = {torch::zeros({d, d}), torch::zeros({kv, d}),
                                  torch::zeros({kv, d}), torch::zeros({d, d})};
    std::vector<at::Tensor> grads;
    for (auto& p : ps) {
        grads.push_back(torch::randn(p.sizes()));
        p.mutable_grad() = grads.back().clone();
    }
    rs::MuonConfig mc; // polar_express, Nesterov 0.95
    mc.lr = 1.0;
    rs::Muon muon(ps, mc, /*bf16_ns=*/false, {{0, 1, 2, 3}});
    muon.step();
    auto moved = -torch::cat(ps, 0);                                    // = lr * scale * O
    const double scale = std::sqrt(double(2 * d + 2 * kv) / double(d)); // sqrt(48 / 16)
    // First step: buf = g, Nesterov update = g + 0.95 g: a multiple of the stacked gradient.
    auto stacked = torch::cat(grads, 0);
    auto polar = exactPolar(stacked) * scale;
    // Polar Express maps every singular value into about [0.86, 1.14]: within 0.15 of U V^T.
    EXPECT_LT(relDiff(moved, polar), 0.15);
    // Four separate polar factors, each with its own scale, are a different update.
    std::vector<at::Tensor> sep;
    for (const auto& g : grads) {
        sep.push_back(exactPolar(g) * std::sqrt(std::max(1.0, double(g.size(0)) / double(d))));
    }
    EXPECT_GT(relDiff(moved, torch::cat(sep, 0)), 0.3);
    // And exactly the iteration applied to the stacked matrix.
    auto o = rs::orthogonalize(stacked * 1.95,
                               rs::orthogonalizeSchedule(rs::Orthogonalization::PolarExpress, 5));
    EXPECT_LT(relDiff(moved, o * scale), 2e-4); // fp32 rounding of 1.95 g through 5 steps
}

TEST(Optimizers, MuonUnitsFuseEachLayersAttentionMatrices) {
    auto cfg = rs::loadPreset("test");
    rs::Transformer model(cfg.model);
    auto s = rs::splitParameters(*model, rs::Optimizer::MuonAdamW);
    auto fused = rs::muonUnits(s.muon_names, rs::MuonGrouping::FusedQkvo);
    // Per layer: one qkvo unit and the two feed-forward matrices.
    ASSERT_EQ(fused.size(), size_t(3 * cfg.model.n_layers));
    int qkvo = 0;
    for (const auto& u : fused) {
        if (u.size() == 4) {
            ++qkvo;
            EXPECT_NE(s.muon_names[u[0]].find("q_proj"), std::string::npos);
            EXPECT_NE(s.muon_names[u[1]].find("k_proj"), std::string::npos);
            EXPECT_NE(s.muon_names[u[2]].find("v_proj"), std::string::npos);
            EXPECT_NE(s.muon_names[u[3]].find("o_proj"), std::string::npos);
            EXPECT_EQ(s.muon_names[u[0]].substr(0, 6), s.muon_names[u[3]].substr(0, 6));
        } else {
            EXPECT_EQ(u.size(), 1u);
        }
    }
    EXPECT_EQ(qkvo, cfg.model.n_layers);
    EXPECT_EQ(rs::muonUnits(s.muon_names, rs::MuonGrouping::Separate).size(), s.muon_names.size());
}

TEST(Optimizers, FusedMuonStateSurvivesSaveAndLoad) {
    torch::manual_seed(12);
    auto cfg = rs::loadPreset("test");
    auto make = [&] {
        torch::manual_seed(3);
        return rs::Transformer(cfg.model);
    };
    auto a = make(), b = make();
    rs::OptimizerSet oa(*a, cfg.train), ob(*b, cfg.train);
    auto setGrads = [](rs::Transformer& m) {
        torch::manual_seed(4);
        for (auto& p : m->parameters()) {
            p.mutable_grad() = torch::randn_like(p);
        }
    };
    setGrads(a);
    oa.step();
    torch::serialize::OutputArchive out;
    oa.save(out);
    std::stringstream buf;
    out.save_to(buf);
    torch::serialize::InputArchive in;
    in.load_from(buf);
    setGrads(b);
    ob.step(); // b's state now equals a's; overwrite it from a's archive and step both again
    ob.load(in);
    setGrads(a);
    setGrads(b);
    oa.step();
    ob.step();
    for (size_t i = 0; i < a->parameters().size(); ++i) {
        EXPECT_TRUE(a->parameters()[i].equal(b->parameters()[i])) << i;
    }
}

TEST(Optimizers, AdamWOnlyControlLeavesHiddenMatricesUndecayed) {
    auto cfg = rs::loadPreset("test");
    cfg.train.optimizer = rs::Optimizer::AdamW;
    cfg.train.adamw.decay_hidden_matrices = false;
    rs::Transformer model(cfg.model);
    rs::OptimizerSet opt(*model, cfg.train);
    auto wk = model->block(0)->attn->k_proj->weight;
    auto embed = model->embed->weight;
    const double w0 = wk[0][0].item<double>(), e0 = embed[0][0].item<double>();
    for (auto& p : model->parameters()) {
        p.mutable_grad() = torch::full_like(p, 0.5);
    }
    opt.step();
    const double lr = 0.006, wd = 0.2, step = lr * 0.5 / (0.5 + 1e-8);
    EXPECT_NEAR(wk[0][0].item<double>(), w0 - step, 1e-7);                    // no decay
    EXPECT_NEAR(embed[0][0].item<double>(), e0 * (1 - lr * wd) - step, 1e-7); // decayed
}

// train.decay_gains: the RMSNorm gains (QK-Norm's gamma and the block norms') keep AdamW's
// weight decay by default, as the reference does, and lose it when switched off.
TEST(Optimizers, DecayGainsSwitchesWeightDecayOfTheNormGains) {
    for (bool decay : {true, false}) {
        auto cfg = rs::loadPreset("test");
        cfg.train.decay_gains = decay;
        rs::Transformer model(cfg.model);
        rs::OptimizerSet opt(*model, cfg.train);
        auto gamma = model->block(0)->attn->k_norm->weight;
        auto norm = model->block(0)->attn_norm->weight;
        auto embed = model->embed->weight;
        const double e0 = embed[0][0].item<double>();
        for (auto& p : model->parameters()) {
            p.mutable_grad() = torch::full_like(p, 0.5);
        }
        opt.step();
        const double lr = 0.006, wd = 0.2, step = lr * 0.5 / (0.5 + 1e-8);
        const double g1 = decay ? 1.0 * (1 - lr * wd) - step : 1.0 - step;
        EXPECT_NEAR(gamma[0].item<double>(), g1, 1e-7) << decay;
        EXPECT_NEAR(norm[0].item<double>(), g1, 1e-7) << decay;
        EXPECT_NEAR(embed[0][0].item<double>(), e0 * (1 - lr * wd) - step, 1e-7); // always
    }
}

// model.qk_norm_gain = frozen: gamma stays at 1 through training and no optimizer holds it;
// train.lr_scale multiplies the learning rate of what is trained.
TEST(Optimizers, FrozenGainStaysAtOneAndLrScaleScalesTheStep) {
    auto cfg = rs::loadPreset("test");
    cfg.model.qk_norm_gain = rs::QkNormGain::Frozen;
    cfg.train.optimizer = rs::Optimizer::AdamW;
    cfg.train.lr_scale = 0.5;
    rs::Transformer model(cfg.model);
    rs::OptimizerSet opt(*model, cfg.train);
    for (const auto& name : opt.split().adamw_names) {
        EXPECT_EQ(name.find("q_norm"), std::string::npos) << name;
        EXPECT_EQ(name.find("k_norm"), std::string::npos) << name;
    }
    auto embed = model->embed->weight;
    const double e0 = embed[0][0].item<double>();
    auto tokens = torch::randint(cfg.model.vocab_size, {2, 17}, torch::kInt64);
    for (int s = 0; s < 3; ++s) {
        opt.setLrMultiplier(1.0);
        opt.zeroGrad();
        model->loss(tokens.slice(1, 0, 16), tokens.slice(1, 1, 17)).backward();
        if (s == 0) { // first AdamW step: |update| = lr exactly where the grad is non-zero
            for (auto& p : model->parameters()) {
                if (p.requires_grad()) {
                    p.mutable_grad() = torch::full_like(p, 0.5);
                }
            }
        }
        opt.step();
        if (s == 0) {
            const double lr = 0.006 * 0.5, wd = 0.2;
            EXPECT_NEAR(embed[0][0].item<double>(), e0 * (1 - lr * wd) - lr, 1e-7);
        }
    }
    for (int64_t l = 0; l < cfg.model.n_layers; ++l) {
        EXPECT_TRUE(torch::equal(model->block(l)->attn->k_norm->weight,
                                 torch::ones_like(model->block(l)->attn->k_norm->weight)));
        EXPECT_FALSE(model->block(l)->attn->q_norm->weight.requires_grad());
    }
}
