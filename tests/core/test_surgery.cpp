#include "core/config/run_config.h"
#include "core/data/token_source.h"
#include "core/model/transformer.h"
#include "core/store/run_dir.h"
#include "core/surgery/surgery.h"
#include "core/train/batcher.h"
#include "core/train/checkpoint_io.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

#include "test_util.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace fs = std::filesystem;

namespace {

// A short fp32 run of the test preset; returns its config and final checkpoint.
std::pair<rs::RunConfig, fs::path> trainedRun(const std::string& name, bool qk_norm,
                                              rs::GammaLayout gamma = rs::GammaLayout::PerHead) {
    auto cfg = rs::loadPreset("test");
    cfg.model.qk_norm = qk_norm;
    cfg.model.qk_norm_gamma = gamma;
    // Each matrix orthogonalized alone: in this tiny model the fused update leaves W_k nearly
    // untrained (its gradient is small beside Q, V and O), and these tests need keys in use.
    cfg.train.muon.grouping = rs::MuonGrouping::Separate;
    cfg.train.precision = rs::Precision::Fp32;
    cfg.train.threads = 2;
    auto dir = rs::test::freshDir(name);
    rs::TrainOptions o;
    o.console_log = false;
    o.probe = false;
    auto r = rs::Trainer(cfg, dir, o).run();
    EXPECT_EQ(r.state, rs::RunState::Done) << r.message;
    return {cfg, rs::RunDir(dir).checkpointPath(rs::RunDir(dir).checkpoints().back())};
}

rs::SurgeryOptions small() {
    rs::SurgeryOptions o;
    o.test_tokens = 4096;
    o.subset_tokens = 512;
    o.random_draws = 3;
    return o;
}

// The first tokens of the split as consecutive windows, built here rather than by the engine.
void consecutiveWindows(const rs::TokenSource& src, int64_t seq_len, int64_t max_tokens,
                        at::Tensor& input, at::Tensor& target) {
    const int64_t n = std::min((src.size() - 1) / seq_len, max_tokens / seq_len);
    auto buf = torch::empty({n, seq_len + 1}, torch::kInt64);
    auto* out = buf.data_ptr<int64_t>();
    for (int64_t w = 0; w < n; ++w) {
        for (int64_t t = 0; t <= seq_len; ++t) {
            out[w * (seq_len + 1) + t] = src.data()[w * seq_len + t];
        }
    }
    input = buf.slice(1, 0, seq_len);
    target = buf.slice(1, 1, seq_len + 1);
}

// Held-out loss computed here, independently of the surgery engine.
double plainLoss(const rs::RunConfig& cfg, rs::TransformerImpl& model, int64_t tokens) {
    rs::MemoryTokenSource src(rs::testTokens(cfg, tokens));
    at::Tensor x, y;
    consecutiveWindows(src, cfg.train.seq_len, tokens, x, y);
    torch::NoGradGuard ng;
    model.eval();
    auto logits = model.forward(x);
    return torch::nn::functional::cross_entropy(logits.view({-1, logits.size(-1)}), y.reshape({-1}))
        .item<double>();
}

} // namespace

TEST(Surgery, FractionZeroAndFullRankProjectionChangeNothing) {
    auto [cfg, ckpt] = trainedRun("surgery-zero", true);
    rs::SurgerySession s(cfg, ckpt, small());
    rs::Transformer ref(cfg.model);
    rs::loadCheckpoint(ckpt, *ref, nullptr);
    const double base = plainLoss(cfg, *ref, 4096);
    EXPECT_NEAR(s.unpruned(false).loss, base, 1e-6);
    for (const auto& e : rs::kStrategyNames) {
        EXPECT_EQ(s.evaluate(e.value, 0.0, 0, false).loss, s.unpruned(false).loss) << e.key;
    }
    // r = d: the kept basis is complete, the transform is the identity.
    auto p = s.keyTransform(0, rs::Strategy::Svd, 0.01, 0);
    EXPECT_TRUE(torch::allclose(p, torch::eye(32).expand({1, 32, 32})));
    EXPECT_NEAR(s.evaluate(rs::Strategy::Svd, 0.01, 0, false).loss, base, 1e-6);
    // A pruned model differs, and the stored checkpoint is untouched.
    EXPECT_GT(std::abs(s.evaluate(rs::Strategy::Random, 0.5, 0, false).loss - base), 1e-4);
    rs::Transformer again(cfg.model);
    rs::loadCheckpoint(ckpt, *again, nullptr);
    EXPECT_NEAR(plainLoss(cfg, *again, 4096), base, 1e-9);
    EXPECT_TRUE(s.evaluate(rs::Strategy::Svd, 0.3, 0, true).subset);
}

TEST(Surgery, SvdRemovesUnusedDirectionsRandomDoesNot) {
    // Keys confined to a 16-dim subspace of the 32, rotated rather than coordinate-aligned:
    // W_k <- U U^T W_k with U the top-16 right singular vectors of the trained model's keys on
    // the evaluation batch (so the trained attention survives the constraint). SVD pruning of
    // the other half must leave the loss unchanged; random pruning of half the coordinates
    // cuts into the used subspace and changes it. (After 80 steps attention is barely trained,
    // so the sign of that change is arbitrary here; on the quick A1 checkpoint random pruning of
    // 50% raises the held-out loss by 0.15 nats while SVD pruning moves it by < 0.001.)
    auto [cfg, ckpt] = trainedRun("surgery-lowrank", false);
    rs::Transformer model(cfg.model);
    rs::loadCheckpoint(ckpt, *model, nullptr);
    {
        torch::NoGradGuard ng;
        rs::QKTaps taps;
        model->eval();
        model->forward(rs::evaluationBatch(cfg), &taps);
        for (size_t l = 0; l < model->numBlocks(); ++l) {
            auto attn = model->block(l)->attn;
            for (int64_t g = 0; g < cfg.model.n_kv_heads; ++g) {
                auto k = taps.layers[l].k_pre.select(2, g).reshape({-1, 32});
                auto v = std::get<2>(torch::linalg::svd(k, false, c10::nullopt)).t();
                auto u = v.slice(1, 0, 16);
                auto w = attn->wk(g);
                w.copy_(torch::matmul(torch::matmul(u, u.t()), w));
            }
        }
    }
    auto lowrank = ckpt.parent_path() / "lowrank.pt";
    rs::saveCheckpoint(lowrank, *model, nullptr, {0, 0});
    rs::SurgerySession s(cfg, lowrank, small());
    const double base = s.unpruned(false).loss;
    EXPECT_NEAR(s.evaluate(rs::Strategy::Svd, 0.5, 0, false).loss, base, 2e-5);
    double random_change = 0;
    for (int d = 0; d < 3; ++d) {
        random_change +=
            std::abs(s.evaluate(rs::Strategy::Random, 0.5, d, false).loss - base) / 3.0;
    }
    EXPECT_GT(random_change, 1e-3);
    EXPECT_NE(s.unavailableReason(rs::Strategy::Gamma).find("no QK-Norm"), std::string::npos);
    EXPECT_THROW(s.evaluate(rs::Strategy::Gamma, 0.5, 0, false), rs::UserError);
}

TEST(Surgery, WithoutQkNormSvdPruningEqualsProjectingWk) {
    auto [cfg, ckpt] = trainedRun("surgery-wk", false);
    rs::SurgerySession s(cfg, ckpt, small());
    const double pruned = s.evaluate(rs::Strategy::Svd, 0.25, 0, false).loss;
    rs::Transformer model(cfg.model);
    rs::loadCheckpoint(ckpt, *model, nullptr);
    {
        torch::NoGradGuard ng;
        for (size_t l = 0; l < model->numBlocks(); ++l) {
            auto p = s.keyTransform(int(l), rs::Strategy::Svd, 0.25, 0);
            for (int64_t g = 0; g < cfg.model.n_kv_heads; ++g) {
                auto w = model->block(l)->attn->wk(g);
                w.copy_(torch::matmul(p[g], w)); // W_k <- V_r V_r^T W_k
            }
        }
    }
    EXPECT_NEAR(plainLoss(cfg, *model, 4096), pruned, 1e-5);
}

TEST(Surgery, GammaPruningOfZeroGammasChangesNothing) {
    auto [cfg, ckpt] = trainedRun("surgery-gamma", true);
    rs::Transformer model(cfg.model);
    rs::loadCheckpoint(ckpt, *model, nullptr);
    {
        torch::NoGradGuard ng;
        for (size_t l = 0; l < model->numBlocks(); ++l) {
            auto g = model->block(l)->attn->k_norm->weight;
            g.slice(1, 5, 13).zero_(); // 8 of 32 dims: exactly the 25% with smallest |gamma|
        }
    }
    auto zeroed = ckpt.parent_path() / "zeroed.pt";
    rs::saveCheckpoint(zeroed, *model, nullptr, {0, 0});
    rs::SurgerySession s(cfg, zeroed, small());
    const double unpruned = s.unpruned(false).loss;
    EXPECT_NEAR(s.evaluate(rs::Strategy::Gamma, 0.25, 0, false).loss, unpruned, 1e-6);
    // Pruning half removes the 8 smallest non-zero gains too: the loss is that of the model with
    // those gains zeroed by hand (ranked here, independently of the engine), and it moves. How far
    // depends on how the tiny model trained, which differs in the last bits between machines
    // (4.98e-5 on an Intel AMX machine), so the claim is equality with the hand-pruned model,
    // and a change far above fp32 rounding of the same computation (which is exactly 0).
    {
        torch::NoGradGuard ng;
        for (size_t l = 0; l < model->numBlocks(); ++l) {
            auto g = model->block(l)->attn->k_norm->weight; // [heads, d] (per_head)
            for (int64_t h = 0; h < g.size(0); ++h) {
                std::vector<std::pair<float, int64_t>> by_size;
                for (int64_t j = 0; j < g.size(1); ++j) {
                    by_size.emplace_back(std::abs(g[h][j].item<float>()), j);
                }
                std::stable_sort(by_size.begin(), by_size.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
                for (size_t k = 0; k < by_size.size() / 2; ++k) {
                    g[h][by_size[k].second] = 0.0f;
                }
            }
        }
    }
    const double half = s.evaluate(rs::Strategy::Gamma, 0.5, 0, false).loss;
    EXPECT_NEAR(half, plainLoss(cfg, *model, 4096), 1e-6);
    std::printf("loss change of pruning 50%% by gamma: %.3g\n", std::abs(half - unpruned));
    EXPECT_GT(std::abs(half - unpruned), 1e-6);
}

TEST(Surgery, FractionsParseAndSweepCoversEveryPoint) {
    EXPECT_EQ(rs::parseFractions("0:0.9:0.1").size(), 10u);
    EXPECT_NEAR(rs::parseFractions("0:0.9:0.1")[3], 0.3, 1e-12);
    EXPECT_EQ(rs::parseFractions("0,0.5"), (std::vector<double>{0, 0.5}));
    EXPECT_THROW(rs::parseFractions("0:1:0"), rs::UserError);
    EXPECT_THROW(rs::parseFractions("1.5"), rs::UserError);
    auto [cfg, ckpt] = trainedRun("surgery-sweep", true);
    auto o = small();
    o.layers = {1};
    rs::SurgerySession s(cfg, ckpt, o);
    std::atomic<bool> cancel{false};
    size_t seen = 0;
    auto pts = s.sweep(
        {rs::Strategy::Gamma, rs::Strategy::Svd, rs::Strategy::Random}, {0.0, 0.5},
        [&](size_t done, size_t) { seen = done; }, &cancel);
    EXPECT_EQ(pts.size(), 2u * (1 + 1 + 3));
    EXPECT_EQ(seen, pts.size());
    // Only layer 1 is touched: layer 0's transform is the identity.
    EXPECT_TRUE(torch::equal(s.keyTransform(0, rs::Strategy::Random, 0.5, 0)[0], torch::eye(32)));
    cancel = true;
    EXPECT_TRUE(s.sweep({rs::Strategy::Svd}, {0.1, 0.2}, {}, &cancel).empty());
    auto csv = rs::test::freshDir("surgery-csv") / "sweep.csv";
    rs::writeSweepCsv(csv, "A1-s0", rs::toSweep(40960, pts));
    // Read back by the same code: every row, strategy and loss as computed.
    const auto rows = rs::readSweepCsv(csv);
    ASSERT_EQ(rows.size(), pts.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].strategy, pts[i].strategy);
        EXPECT_EQ(rows[i].draw, pts[i].draw);
        EXPECT_NEAR(rows[i].loss, pts[i].result.loss, 1e-9);
    }
    EXPECT_EQ(rs::parseStrategies("svd,wk_norm"),
              (std::vector<rs::Strategy>{rs::Strategy::Svd, rs::Strategy::WkNorm}));
    try {
        rs::parseStrategies("gamma,pca");
        ADD_FAILURE() << "an unknown strategy must be refused";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("'pca'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("wk_norm"), std::string::npos) << e.what();
    }
}

// The axis-aligned comparator: the axes with the smallest share of K's energy before the gain.
// With W_k rows 3..10 zeroed those axes carry no energy (with and without QK-Norm: RMS
// normalisation keeps a zero a zero), so the energy order prunes exactly them and the loss
// does not move, while random pruning of as many axes does.
TEST(Surgery, EnergyPruningDropsTheAxesKDoesNotUse) {
    for (bool qk_norm : {false, true}) {
        auto [cfg, ckpt] = trainedRun(qk_norm ? "surgery-energy-qk" : "surgery-energy", qk_norm);
        rs::Transformer model(cfg.model);
        rs::loadCheckpoint(ckpt, *model, nullptr);
        {
            torch::NoGradGuard ng;
            for (size_t l = 0; l < model->numBlocks(); ++l) {
                for (int64_t g = 0; g < cfg.model.n_kv_heads; ++g) {
                    model->block(l)->attn->wk(g).slice(0, 3, 11).zero_();
                }
            }
        }
        auto unused = ckpt.parent_path() / "unused-axes.pt";
        rs::saveCheckpoint(unused, *model, nullptr, {0, 0});
        rs::SurgerySession s(cfg, unused, small());
        for (int l = 0; l < cfg.model.n_layers; ++l) {
            const auto p = s.keyTransform(l, rs::Strategy::Energy, 0.25, 0);
            for (int64_t g = 0; g < cfg.model.n_kv_heads; ++g) {
                const auto kept = torch::diagonal(p[g]);
                for (int64_t j = 0; j < 32; ++j) {
                    EXPECT_EQ(kept[j].item<float>(), j >= 3 && j < 11 ? 0.0f : 1.0f)
                        << "layer " << l << " head " << g << " axis " << j << " qk " << qk_norm;
                }
            }
        }
        const double base = s.unpruned(false).loss;
        EXPECT_NEAR(s.evaluate(rs::Strategy::Energy, 0.25, 0, false).loss, base, 1e-6) << qk_norm;
        EXPECT_GT(std::abs(s.evaluate(rs::Strategy::Random, 0.25, 0, false).loss - base), 1e-5)
            << qk_norm;
    }
}
