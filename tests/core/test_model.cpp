#include "core/config/run_config.h"
#include "core/model/sdpa.h"
#include "core/model/transformer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace {

rs::ModelConfig tiny(bool qk_norm = true) {
    rs::ModelConfig c = rs::loadPreset("test").model;
    c.qk_norm = qk_norm;
    return c;
}

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

} // namespace

TEST(Model, ForwardShapesAndTapsDoNotChangeOutputs) {
    torch::manual_seed(0);
    auto cfg = tiny();
    rs::Transformer model(cfg);
    auto tokens = torch::randint(cfg.vocab_size, {2, 16}, torch::kInt64);
    auto plain = model->forward(tokens);
    rs::QKTaps taps;
    auto tapped = model->forward(tokens, &taps);
    EXPECT_EQ(plain.sizes(), (std::vector<int64_t>{2, 16, cfg.vocab_size}));
    EXPECT_EQ(maxAbsDiff(plain, tapped), 0.0);
    ASSERT_EQ(taps.layers.size(), size_t(cfg.n_layers));
    const auto hd = cfg.headDim();
    for (const auto& l : taps.layers) {
        EXPECT_EQ(l.q_pre.sizes(), (std::vector<int64_t>{2, 16, cfg.n_heads, hd}));
        EXPECT_EQ(l.k_rope.sizes(), (std::vector<int64_t>{2, 16, cfg.n_kv_heads, hd}));
        EXPECT_FALSE(l.k_normed.requires_grad());
    }
}

TEST(Model, TiedEmbeddingIsOneTensorUsedTwice) {
    torch::manual_seed(0);
    auto cfg = tiny();
    rs::Transformer model(cfg);
    int vocab_sized = 0;
    for (const auto& p : model->parameters()) {
        vocab_sized += p.size(0) == cfg.vocab_size ? 1 : 0;
    }
    EXPECT_EQ(vocab_sized, 1);
    EXPECT_EQ(model->parameterCount(), cfg.parameterCount());
    // The output projection uses the embedding: a token that never appears as input still
    // gets a gradient in its embedding row through the logits.
    auto x = torch::zeros({1, 8}, torch::kInt64);
    auto y = torch::full({1, 8}, 5, torch::kInt64);
    model->loss(x, y).backward();
    EXPECT_GT(model->embed->weight.grad()[5].abs().sum().item<double>(), 0.0);
}

TEST(Model, InitialisationIsNormalWithTheConfiguredStd) {
    torch::manual_seed(1);
    auto cfg = rs::loadPreset("quick").model;
    rs::Transformer model(cfg);
    auto w = model->block(0)->ffn->up->weight;
    EXPECT_NEAR(w.std().item<double>(), 0.02, 0.0005);
    EXPECT_NEAR(w.mean().item<double>(), 0.0, 0.0005);
    EXPECT_EQ(model->block(0)->attn->q_norm->weight.min().item<double>(), 1.0);
}

TEST(Model, InitialLossIsNearLogVocab) {
    torch::manual_seed(0);
    auto cfg = tiny();
    rs::Transformer model(cfg);
    auto t = torch::randint(cfg.vocab_size, {4, 33}, torch::kInt64);
    double loss = model->loss(t.slice(1, 0, 32), t.slice(1, 1, 33)).item<double>();
    EXPECT_NEAR(loss, std::log(double(cfg.vocab_size)), 0.5);
}

TEST(Attention, LibraryAttentionMatchesTheWrittenOutReference) {
    torch::manual_seed(3);
    auto q = torch::randn({2, 4, 24, 32});
    auto k = torch::randn({2, 4, 24, 32});
    auto v = torch::randn({2, 4, 24, 32});
    EXPECT_LT(maxAbsDiff(rs::causalAttention(q, k, v), rs::causalAttentionReference(q, k, v)),
              1e-5);
}

TEST(Attention, PerHeadWeightSlicesReproduceTheTaps) {
    torch::manual_seed(4);
    auto cfg = tiny();
    rs::Attention attn(cfg);
    auto x = torch::randn({2, 10, cfg.d_model});
    rs::LayerQK taps;
    attn->forward(x, &taps);
    for (int64_t h = 0; h < cfg.n_heads; ++h) {
        auto expect = torch::matmul(x, attn->wq(h).t());
        EXPECT_LT(maxAbsDiff(taps.q_pre.select(2, h), expect), 1e-5) << "head " << h;
    }
    for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
        auto expect = torch::matmul(x, attn->wk(g).t());
        EXPECT_LT(maxAbsDiff(taps.k_pre.select(2, g), expect), 1e-5) << "kv head " << g;
    }
}

TEST(Attention, QkNormGivesUnitRmsTimesGammaPerHead) {
    torch::manual_seed(5);
    auto cfg = tiny();
    cfg.qk_norm_gamma = rs::GammaLayout::PerHead;
    rs::Attention attn(cfg);
    {
        torch::NoGradGuard ng;
        attn->k_norm->weight.fill_(1.0);
        attn->k_norm->weight[0][3] = 0.0; // a zero gamma zeroes that coordinate
    }
    rs::LayerQK taps;
    attn->forward(torch::randn({1, 6, cfg.d_model}) * 7.0, &taps);
    auto rms = taps.q_normed.pow(2).mean(-1).sqrt();
    EXPECT_LT(maxAbsDiff(rms, torch::ones_like(rms)), 1e-4);
    EXPECT_EQ(taps.k_normed.select(2, 0).select(-1, 3).abs().max().item<double>(), 0.0);

    auto plain = tiny(false);
    rs::Attention no_norm(plain);
    rs::LayerQK t2;
    no_norm->forward(torch::randn({1, 6, cfg.d_model}), &t2);
    EXPECT_EQ(maxAbsDiff(t2.k_pre, t2.k_normed), 0.0);
}

TEST(Attention, RotaryScoresDependOnlyOnRelativePosition) {
    const int64_t d = 32;
    rs::Rotary rope(d, 64, 10000.0);
    torch::manual_seed(6);
    auto q = torch::randn({1, 1, 1, d}).expand({1, 64, 1, d}).contiguous();
    auto k = torch::randn({1, 1, 1, d}).expand({1, 64, 1, d}).contiguous();
    auto rq = rope->forward(q);
    auto rk = rope->forward(k);
    auto dot = [&](int64_t m, int64_t n) {
        return (rq[0][m][0] * rk[0][n][0]).sum().item<double>();
    };
    EXPECT_NEAR(dot(10, 7), dot(40, 37), 1e-4);
    EXPECT_NEAR(dot(3, 3), dot(50, 50), 1e-4);
    EXPECT_GT(std::abs(dot(10, 7) - dot(10, 2)), 1e-3); // it does depend on the offset
    // Norm preserving: a rotation.
    EXPECT_NEAR(rq[0][33][0].norm().item<double>(), q[0][0][0].norm().item<double>(), 1e-4);
}

TEST(Attention, GroupedQueryHeadsShareTheirKvHead) {
    torch::manual_seed(7);
    auto cfg = tiny();
    cfg.n_heads = 2;
    cfg.n_kv_heads = 1;
    rs::Attention attn(cfg);
    // Identical query weights for both heads -> identical outputs per head, because both
    // must read the single KV head.
    {
        torch::NoGradGuard ng;
        attn->q_proj->weight.slice(0, 32, 64).copy_(attn->q_proj->weight.slice(0, 0, 32));
        attn->q_norm->weight.fill_(1.0);
        attn->o_proj->weight.copy_(torch::eye(cfg.d_model));
    }
    auto y = attn->forward(torch::randn({1, 5, cfg.d_model}));
    EXPECT_LT(maxAbsDiff(y.slice(-1, 0, 32), y.slice(-1, 32, 64)), 1e-6);
}

TEST(Attention, SharedGammaIsOneVectorForEveryHead) {
    torch::manual_seed(6);
    auto cfg = tiny();
    ASSERT_EQ(cfg.qk_norm_gamma, rs::GammaLayout::Shared); // the reference's layout is the default
    cfg.n_kv_heads = 2;                                    // two KV heads share the gain
    rs::Attention attn(cfg);
    EXPECT_EQ(attn->q_norm->weight.sizes(), (std::vector<int64_t>{cfg.headDim()}));
    EXPECT_EQ(attn->k_norm->weight.sizes(), (std::vector<int64_t>{cfg.headDim()}));
    {
        torch::NoGradGuard ng;
        attn->k_norm->weight.fill_(1.0);
        attn->k_norm->weight[3] = 0.0; // zeroes coordinate 3 of every KV head
    }
    rs::LayerQK taps;
    attn->forward(torch::randn({1, 6, cfg.d_model}) * 3.0, &taps);
    for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
        EXPECT_EQ(taps.k_normed.select(2, g).select(-1, 3).abs().max().item<double>(), 0.0);
        EXPECT_TRUE(attn->kGamma(g).equal(attn->k_norm->weight));
    }
    auto per_head = tiny();
    per_head.n_kv_heads = 2;
    per_head.qk_norm_gamma = rs::GammaLayout::PerHead;
    rs::Attention ph(per_head);
    EXPECT_EQ(ph->k_norm->weight.sizes(),
              (std::vector<int64_t>{per_head.n_kv_heads, per_head.headDim()}));
    EXPECT_EQ(ph->kGamma(1).sizes(), (std::vector<int64_t>{per_head.headDim()}));
}
