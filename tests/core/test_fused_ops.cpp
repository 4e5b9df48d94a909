// Every fused operation against the LibTorch composition it replaces: forward values and the
// gradients of inputs and gains, fp32 within 1e-5 relative (of the reference's largest value),
// bf16 within 2e-2 (one rounding of bf16's 8-bit mantissa against the composition's several).
#include "core/bench/op_profile.h"
#include "core/config/run_config.h"
#include "core/model/fused_ops.h"
#include "core/model/fused_rows.h"
#include "core/model/sdpa.h"
#include "core/model/transformer.h"
#include "core/train/trainer.h"

#include "test_util.h"

#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <set>

namespace {

using Fn = std::function<at::Tensor(const std::vector<at::Tensor>&)>;

double relDiff(const at::Tensor& got, const at::Tensor& want) {
    const auto w = want.to(torch::kDouble), g = got.to(torch::kDouble);
    const double scale = std::max(w.abs().max().item<double>(), 1e-30);
    return (g - w).abs().max().item<double>() / scale;
}

// Runs f on fresh leaf copies of `inputs` (in `dtype`; integer inputs as they are), backward of
// sum(out * R) with a fixed random R; returns the output and each input's gradient.
std::vector<at::Tensor> valueAndGrads(const Fn& f, const std::vector<at::Tensor>& inputs,
                                      at::ScalarType dtype) {
    std::vector<at::Tensor> leaves;
    for (const auto& x : inputs) {
        auto l = x.is_floating_point() ? x.to(dtype).detach() : x;
        if (l.is_floating_point()) {
            l.set_requires_grad(true);
        }
        leaves.push_back(l);
    }
    auto out = f(leaves);
    auto r = torch::randn(out.sizes(), at::make_generator<at::CPUGeneratorImpl>(7),
                          torch::TensorOptions().dtype(torch::kFloat));
    (out.to(torch::kFloat) * r).sum().backward();
    std::vector<at::Tensor> res{out.detach()};
    for (const auto& l : leaves) {
        res.push_back(l.is_floating_point() ? l.grad() : at::Tensor());
    }
    return res;
}

// fp32 within 1e-5, bf16 within 2e-2: values and every defined gradient.
void expectSame(const Fn& fused, const Fn& plain, const std::vector<at::Tensor>& inputs,
                const std::string& what) {
    for (const auto dtype : {torch::kFloat, torch::kBFloat16}) {
        const double tol = dtype == torch::kFloat ? 1e-5 : 2e-2;
        const auto a = valueAndGrads(fused, inputs, dtype);
        const auto b = valueAndGrads(plain, inputs, dtype);
        for (size_t i = 0; i < a.size(); ++i) {
            if (!b[i].defined()) {
                continue;
            }
            ASSERT_TRUE(a[i].defined()) << what << ": gradient " << i << " missing";
            EXPECT_EQ(a[i].sizes(), b[i].sizes()) << what << " #" << i;
            EXPECT_EQ(a[i].scalar_type(), b[i].scalar_type()) << what << " #" << i;
            EXPECT_LE(relDiff(a[i], b[i]), tol)
                << what << (i == 0 ? ": value" : ": gradient " + std::to_string(i - 1)) << " in "
                << c10::toString(dtype);
        }
    }
}

at::Tensor plainNorm(const at::Tensor& x, const at::Tensor& w, double eps) {
    auto xf = x.to(torch::kFloat);
    return (xf * torch::rsqrt(xf.pow(2).mean(-1, true) + eps) * w).to(x.scalar_type());
}

at::Tensor plainRope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    const auto t = x.size(1);
    auto c = cos.slice(0, 0, t).unsqueeze(0).unsqueeze(2);
    auto s = sin.slice(0, 0, t).unsqueeze(0).unsqueeze(2);
    auto xf = x.to(torch::kFloat);
    auto h = xf.chunk(2, -1);
    return torch::cat({h[0] * c + h[1] * s, h[1] * c - h[0] * s}, -1).to(x.scalar_type());
}

std::pair<at::Tensor, at::Tensor> ropeTables(int64_t t, int64_t d) {
    auto inv = torch::pow(10000.0, -torch::arange(0, d, 2, torch::kDouble) / double(d));
    auto ang = torch::outer(torch::arange(t + 3, torch::kDouble), inv);
    return {ang.cos().to(torch::kFloat), ang.sin().to(torch::kFloat)};
}

} // namespace

TEST(FusedOps, RmsNormMatchesTheComposition) {
    torch::manual_seed(1);
    for (const int64_t d : {32, 64, 128}) {
        auto x = torch::randn({3, 5, d});
        x[1][2].zero_(); // a row of zeros: rstd = 1/sqrt(eps), gradient finite
        auto w = torch::rand({d}) + 0.5;
        expectSame([](const auto& in) { return rs::fusedRmsNorm(in[0], in[1], 1e-6); },
                   [](const auto& in) { return plainNorm(in[0], in[1], 1e-6); }, {x, w},
                   "rms_norm d=" + std::to_string(d));
    }
}

TEST(FusedOps, QkvHeadsMatchQkNormAndRopeForEveryShape) {
    torch::manual_seed(2);
    struct Case {
        int64_t b, t, h, g, d;
        bool norm, per_head;
    };
    for (const auto& c : {Case{2, 7, 4, 2, 32, true, false}, Case{2, 1, 4, 2, 32, true, false},
                          Case{1, 5, 1, 1, 64, true, false}, Case{2, 6, 4, 4, 64, true, true},
                          Case{2, 6, 4, 2, 32, false, false}, Case{1, 9, 2, 1, 32, true, true}}) {
        const auto [cos, sin] = ropeTables(c.t, c.d);
        auto qkv = torch::randn({c.b, c.t, (c.h + 2 * c.g) * c.d});
        auto qg =
            torch::rand(c.per_head ? std::vector<int64_t>{c.h, c.d} : std::vector<int64_t>{c.d}) +
            0.5;
        auto kg =
            torch::rand(c.per_head ? std::vector<int64_t>{c.g, c.d} : std::vector<int64_t>{c.d}) +
            0.5;
        const std::string what = "qkv_heads h=" + std::to_string(c.h) +
                                 " g=" + std::to_string(c.g) + " t=" + std::to_string(c.t) +
                                 " d=" + std::to_string(c.d) + (c.norm ? " norm" : " no norm") +
                                 (c.per_head ? " per head" : "");
        for (int part = 0; part < 3; ++part) { // q, k and v each carry the whole gradient path
            const rs::QkvHeads shape{c.h, c.g, c.d, 1e-6};
            auto fused = [&, part](const std::vector<at::Tensor>& in) {
                auto out = rs::fusedQkvHeads(in[0], c.norm ? in[1] : at::Tensor(),
                                             c.norm ? in[2] : at::Tensor(), cos, sin, shape);
                return part == 0   ? std::get<0>(out)
                       : part == 1 ? std::get<1>(out)
                                   : std::get<2>(out);
            };
            auto plain = [&, part](const std::vector<at::Tensor>& in) {
                const auto qd = c.h * c.d, kd = c.g * c.d;
                auto x = in[0];
                auto q = x.slice(-1, 0, qd).view({c.b, c.t, c.h, c.d});
                auto k = x.slice(-1, qd, qd + kd).view({c.b, c.t, c.g, c.d});
                auto v = x.slice(-1, qd + kd).view({c.b, c.t, c.g, c.d});
                if (part == 2) {
                    return v.transpose(1, 2).contiguous();
                }
                auto y = part == 0 ? q : k;
                if (c.norm) {
                    y = plainNorm(y, part == 0 ? in[1] : in[2], 1e-6);
                }
                return plainRope(y, cos, sin).transpose(1, 2).contiguous();
            };
            expectSame(fused, plain, {qkv, qg, kg}, what + " part " + std::to_string(part));
        }
    }
}

TEST(FusedOps, CausalAttentionMatchesTheReferenceWithRepeatedHeads) {
    torch::manual_seed(3);
    struct Case {
        int64_t b, h, g, t, d;
    };
    for (const auto& c : {Case{2, 4, 2, 16, 32}, Case{1, 4, 4, 1, 32}, Case{2, 1, 1, 9, 64},
                          Case{1, 6, 2, 33, 64}}) {
        auto q = torch::randn({c.b, c.h, c.t, c.d});
        auto k = torch::randn({c.b, c.g, c.t, c.d});
        auto v = torch::randn({c.b, c.g, c.t, c.d});
        const auto rep = c.h / c.g;
        expectSame([](const auto& in) { return rs::fusedCausalAttention(in[0], in[1], in[2]); },
                   [rep](const auto& in) {
                       return rs::causalAttentionReference(in[0], in[1].repeat_interleave(rep, 1),
                                                           in[2].repeat_interleave(rep, 1));
                   },
                   {q, k, v},
                   "attention h=" + std::to_string(c.h) + " g=" + std::to_string(c.g) +
                       " t=" + std::to_string(c.t) + " d=" + std::to_string(c.d));
    }
}

TEST(FusedOps, SquaredReluAndCrossEntropyMatchTheComposition) {
    torch::manual_seed(4);
    auto x = torch::randn({3, 5000}); // more than one block of the pointwise kernel
    x[0][0] = 0.0;
    expectSame([](const auto& in) { return rs::fusedSquaredRelu(in[0]); },
               [](const auto& in) { return torch::relu(in[0]).square(); }, {x}, "squared relu");
    for (const int64_t v : {7, 2048}) {
        auto logits = torch::randn({37, v}) * 3.0;
        auto targets = torch::randint(v, {37}, torch::kInt64);
        expectSame([](const auto& in) { return rs::fusedCrossEntropy(in[0], in[1]); },
                   [](const auto& in) {
                       return torch::nn::functional::cross_entropy(in[0].to(torch::kFloat), in[1]);
                   },
                   {logits, targets}, "cross-entropy V=" + std::to_string(v));
    }
    auto bad = torch::randint(3, {2}, torch::kInt64) + 5;
    EXPECT_THROW(rs::fusedCrossEntropy(torch::randn({2, 4}), bad), c10::Error);
}

// The kernels' exp (softmax, cross-entropy) against the library's over its whole range: within
// 3e-7 relative, exactly 1 at 0 (the row maximum), and clamped below -87 rather than 0 or NaN.
TEST(FusedOps, ExpMatchesTheLibraryOverItsRange) {
    double worst = 0.0;
    for (int i = 0; i <= 200000; ++i) {
        const float x = -87.0f + 175.0f * float(i) / 200000.0f;
        const double want = std::exp(double(x));
        worst = std::max(worst, std::abs(double(rs::fused::expOf(x)) - want) / want);
    }
    EXPECT_LE(worst, 3e-7);
    EXPECT_EQ(rs::fused::expOf(0.0f), 1.0f);
    EXPECT_NEAR(rs::fused::expOf(-1000.0f), std::exp(-87.0), 1e-40);
    EXPECT_GT(rs::fused::expOf(-1000.0f), 0.0f);
}

// The whole model: loss and every parameter's gradient, fused against plain, in fp32.
TEST(FusedOps, ModelLossAndGradientsMatchThePlainModel) {
    for (const bool qk_norm : {true, false}) {
        auto cfg = rs::loadPreset("test").model;
        cfg.qk_norm = qk_norm;
        rs::Transformer plain(cfg), fused(cfg);
        plain->initWeights(11);
        fused->initWeights(11);
        fused->setFusedOps(true);
        auto tokens = torch::randint(cfg.vocab_size, {3, 17}, torch::kInt64);
        auto x = tokens.slice(1, 0, 16), y = tokens.slice(1, 1, 17);
        auto lp = plain->loss(x, y), lf = fused->loss(x, y);
        EXPECT_NEAR(lf.item<double>(), lp.item<double>(), 1e-5 * lp.item<double>());
        lp.backward();
        lf.backward();
        const auto pp = plain->named_parameters(), pf = fused->named_parameters();
        for (const auto& p : pp) {
            const auto& g = pf[p.key()].grad();
            ASSERT_TRUE(g.defined()) << p.key();
            EXPECT_LE(relDiff(g, p.value().grad()), 1e-4) << p.key();
        }
        // The probe's forward (with taps) is the plain one whatever the switch.
        rs::QKTaps tp, tf;
        EXPECT_LE(relDiff(fused->forward(x, &tf), plain->forward(x, &tp)), 1e-5);
    }
}

namespace {

// Largest relative difference of the probes' mean participation ratios, per mark.
std::vector<double> probeDifferences(const std::filesystem::path& a,
                                     const std::filesystem::path& b) {
    const auto pa = rs::test::metricRecords(a, "probe"), pb = rs::test::metricRecords(b, "probe");
    EXPECT_EQ(pa.size(), pb.size());
    std::vector<double> out;
    for (size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
        const auto fa = pa[i]["mean_pr"].flatten(), fb = pb[i]["mean_pr"].flatten();
        double worst = 0.0;
        for (const auto& [k, v] : fa.items()) {
            EXPECT_TRUE(fb.contains(k)) << k;
            if (fb.contains(k)) {
                worst = std::max(worst, std::abs(fb[k].get<double>() - v.get<double>()) /
                                            std::abs(v.get<double>()));
            }
        }
        out.push_back(worst);
    }
    return out;
}

} // namespace

// A whole fp32 run of the test preset both ways: every step's loss within 0.01 nats, the final
// validation loss within 0.005. The probes at step 0 (the same weights) agree within 1e-6; later
// marks measure weights that 80 steps of Muon have carried apart by rounding, so they are held
// to 1e-3 relative or twice what the same plain run shows between 1 and 2 threads, whichever is
// larger (measured on a 2-core AMD EPYC: fused vs plain 1.5e-3 at worst, threads 2.4e-3).
TEST(FusedOps, AWholeRunMatchesThePlainRun) {
    auto cfg = rs::loadPreset("test");
    cfg.cell = "A1";
    cfg.train.precision = rs::Precision::Fp32;
    cfg.train.threads = 1;
    rs::TrainOptions o;
    o.console_log = false;
    const auto dp = rs::test::freshDir("fused-off"), df = rs::test::freshDir("fused-on");
    const auto d2 = rs::test::freshDir("fused-off-2-threads");
    cfg.train.fused_ops = false;
    const auto plain = rs::Trainer(cfg, dp, o).run();
    cfg.train.threads = 2;
    const auto plain2 = rs::Trainer(cfg, d2, o).run();
    cfg.train.threads = 1;
    cfg.train.fused_ops = true;
    const auto fused = rs::Trainer(cfg, df, o).run();
    ASSERT_EQ(plain.state, rs::RunState::Done) << plain.message;
    ASSERT_EQ(plain2.state, rs::RunState::Done) << plain2.message;
    ASSERT_EQ(fused.state, rs::RunState::Done) << fused.message;
    ASSERT_EQ(plain.step_losses.size(), fused.step_losses.size());
    double worst = 0.0;
    for (size_t i = 0; i < plain.step_losses.size(); ++i) {
        worst = std::max(worst, std::abs(plain.step_losses[i] - fused.step_losses[i]));
    }
    EXPECT_LE(worst, 0.01);
    EXPECT_NEAR(fused.final_val_loss, plain.final_val_loss, 0.005);
    const auto by_ops = probeDifferences(dp, df), by_threads = probeDifferences(dp, d2);
    ASSERT_GE(by_ops.size(), 2u);
    ASSERT_EQ(by_ops.size(), by_threads.size());
    EXPECT_LE(by_ops[0], 1e-6) << "the probes of identical initial weights differ";
    const double yardstick = *std::max_element(by_threads.begin(), by_threads.end());
    const double seen = *std::max_element(by_ops.begin(), by_ops.end());
    std::printf("fused vs plain: max |loss diff| %.3g over %zu steps, final val %.3g, probe PR "
                "%.3g relative (1 vs 2 threads: %.3g)\n",
                worst, plain.step_losses.size(),
                std::abs(plain.final_val_loss - fused.final_val_loss), seen, yardstick);
    EXPECT_LE(seen, std::max(1e-3, 2.0 * yardstick));
}

// bench --profile: the fused operations' backward nodes appear by their function's name, and the
// matrix products are found and summed (names and counts, not times: those are the machine's).
TEST(FusedOps, ProfileNamesTheFusedBackwardsAndFindsTheMatrixProducts) {
    EXPECT_EQ(rs::displayName("torch::autograd::CppNode<rs::(anonymous namespace)::RmsNormFn>"),
              "RmsNormFn backward");
    EXPECT_EQ(rs::displayName("autograd::engine::evaluate_function: "
                              "torch::autograd::CppNode<rs::(anonymous namespace)::RmsNormFn>"),
              "engine: RmsNormFn backward");
    EXPECT_EQ(rs::displayName("aten::mm"), "aten::mm");
    auto cfg = rs::loadPreset("test").model;
    rs::Transformer model(cfg);
    model->setFusedOps(true);
    auto tokens = torch::randint(cfg.vocab_size, {2, 9}, torch::kInt64);
    const auto p = rs::profileSteps(2, [&] {
        model->zero_grad();
        model->loss(tokens.slice(1, 0, 8), tokens.slice(1, 1, 9)).backward();
    });
    std::set<std::string> names;
    for (const auto& o : p.ops) {
        names.insert(o.name);
        EXPECT_EQ(o.name.find("CppNode<"), std::string::npos) << o.name;
    }
    for (const char* fn :
         {"RmsNormFn backward", "QkvHeadsFn backward", "CausalAttentionFn backward",
          "SquaredReluFn backward", "CrossEntropyFn backward"}) {
        EXPECT_TRUE(names.count(fn)) << fn;
    }
    EXPECT_TRUE(names.count("aten::mm") || names.count("aten::addmm"));
    EXPECT_GT(p.matrixMs(), 0.0);
    EXPECT_LE(p.matrixMs(), p.total_ms);
}
