#include "core/surgery/surgery.h"
#include "core/data/experiment_data.h"
#include "core/data/synthetic_corpus.h"
#include "core/data/token_source.h"
#include "core/model/transformer.h"
#include "core/train/batcher.h"
#include "core/train/checkpoint_io.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/name_table.h"
#include "core/util/files.h"

#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <tuple>

namespace rs {

namespace {

// Each axis's share of the energy of one KV head's K before any gain, over the evaluation batch
// ([B, T, d] -> [d], in double): with QK-Norm the RMS-normalised K (the gain-free reading the
// probe's pre-gain share uses), without it K itself, the representation pruning acts on.
at::Tensor preGainEnergy(const at::Tensor& k_pre, const ModelConfig& m) {
    auto k = k_pre.reshape({-1, k_pre.size(-1)}).to(torch::kDouble);
    if (m.qk_norm) {
        k = k * torch::rsqrt(k.pow(2).mean(-1, true) + m.norm_eps);
    }
    const auto e = k.pow(2).sum(0);
    return e / e.sum();
}

} // namespace

struct SurgerySession::Impl {
    Transformer model{nullptr};
    std::vector<at::Tensor> svd_v;        // per layer [G, d, d]: right singular vectors, columns
    std::vector<at::Tensor> gamma_order;  // per layer [G, d]: ascending |gamma|
    std::vector<at::Tensor> wk_order;     // per layer [G, d]: ascending W_k row norm
    std::vector<at::Tensor> energy_order; // per layer [G, d]: ascending pre-gain energy share
    at::Tensor test_in, test_tgt;
    int64_t subset_windows = 1;
    std::map<std::tuple<int, double, int, bool>, HeldOutLoss> cache;
};

SurgerySession::SurgerySession(const RunConfig& cfg, const std::filesystem::path& checkpoint,
                               const SurgeryOptions& options)
    : cfg_(cfg), opt_(options), runtime_(configureRuntime(cfg.train)),
      impl_(std::make_unique<Impl>()) {
    auto& m = impl_->model;
    m = Transformer(cfg.model);
    loadCheckpoint(checkpoint, *m, nullptr);
    m->eval();
    for (int l : opt_.layers) {
        if (l < 0 || l >= cfg.model.n_layers) {
            throw UserError("--layers: layer " + std::to_string(l) + " does not exist (0.." +
                            std::to_string(cfg.model.n_layers - 1) + ")");
        }
    }
    for (int g : opt_.kv_heads) {
        if (g < 0 || g >= cfg.model.n_kv_heads) {
            throw UserError("--heads: KV head " + std::to_string(g) + " does not exist (0.." +
                            std::to_string(cfg.model.n_kv_heads - 1) + ")");
        }
    }
    // Bases, once per checkpoint: K after QK-Norm on the fixed evaluation batch.
    auto eval = evaluationBatch(cfg);
    if (!eval.defined()) {
        throw UserError("surgery needs the run's evaluation batch (prepared or synthetic data)");
    }
    QKTaps taps;
    {
        torch::NoGradGuard ng;
        m->forward(eval, &taps);
    }
    const auto d = cfg.model.headDim();
    for (size_t l = 0; l < taps.layers.size(); ++l) {
        const auto& kn = taps.layers[l].k_normed; // [B, T, G, d]
        std::vector<at::Tensor> vs, gos, wos, eos;
        auto attn = m->block(l)->attn;
        for (int64_t g = 0; g < cfg.model.n_kv_heads; ++g) {
            auto mat = kn.select(2, g).reshape({-1, d}).to(torch::kDouble);
            auto svd = torch::linalg::svd(mat, false, c10::nullopt);
            vs.push_back(std::get<2>(svd).t().to(torch::kFloat)); // V: columns by descending s
            auto wnorm = attn->wk(g).detach().norm(2, {1});
            wos.push_back(std::get<1>(torch::sort(wnorm, /*stable=*/true, 0, false)));
            eos.push_back(std::get<1>(torch::sort(
                preGainEnergy(taps.layers[l].k_pre.select(2, g), cfg.model), true, 0, false)));
            if (cfg.model.qk_norm) {
                // A shared gain gives every KV head the same order.
                auto gam = attn->kGamma(g).detach().abs();
                gos.push_back(std::get<1>(torch::sort(gam, /*stable=*/true, 0, false)));
            }
        }
        impl_->svd_v.push_back(torch::stack(vs));
        impl_->wk_order.push_back(torch::stack(wos));
        impl_->energy_order.push_back(torch::stack(eos));
        impl_->gamma_order.push_back(gos.empty() ? at::Tensor() : torch::stack(gos));
    }
    auto tokens = testTokens(cfg, opt_.test_tokens);
    MemoryTokenSource src(std::move(tokens), "test split");
    spreadWindows(src, cfg.train.seq_len, opt_.test_tokens, kTestWindowSeed, impl_->test_in,
                  impl_->test_tgt);
    // Interleave the windows so that the first ones, the subset estimate, also span the split.
    const int64_t n = impl_->test_in.size(0);
    const int64_t k = std::max<int64_t>(1, std::min(n, opt_.subset_tokens / cfg.train.seq_len));
    std::vector<int64_t> order;
    for (int64_t phase = 0; phase < (n + k - 1) / k; ++phase) {
        for (int64_t i = phase; i < n; i += (n + k - 1) / k) {
            order.push_back(i);
        }
    }
    const auto idx = torch::tensor(order, torch::kInt64);
    impl_->test_in = impl_->test_in.index_select(0, idx);
    impl_->test_tgt = impl_->test_tgt.index_select(0, idx);
    impl_->subset_windows = std::max<int64_t>(
        1, std::min(impl_->test_in.size(0), opt_.subset_tokens / cfg.train.seq_len));
}

SurgerySession::~SurgerySession() = default;

TransformerImpl& SurgerySession::model() {
    return *impl_->model;
}

std::string SurgerySession::unavailableReason(Strategy strategy) const {
    if (strategy == Strategy::Gamma && !cfg_.model.qk_norm) {
        return "this run has no QK-Norm, so there is no gamma to rank dimensions by (the "
               "wk_norm strategy ranks by W_k row norms instead)";
    }
    return "";
}

bool SurgerySession::selected(int layer, int kv_head) const {
    auto in = [](const std::vector<int>& v, int x) {
        return v.empty() || std::find(v.begin(), v.end(), x) != v.end();
    };
    return in(opt_.layers, layer) && in(opt_.kv_heads, kv_head);
}

at::Tensor SurgerySession::keyTransform(int layer, Strategy strategy, double fraction,
                                        int draw) const {
    const int64_t d = cfg_.model.headDim();
    const int64_t k = int64_t(std::floor(fraction * double(d) + 1e-9));
    std::vector<at::Tensor> ps;
    for (int64_t g = 0; g < cfg_.model.n_kv_heads; ++g) {
        if (!selected(layer, int(g)) || k == 0) {
            ps.push_back(torch::eye(d));
            continue;
        }
        if (strategy == Strategy::Svd) {
            // Keep the top r = d - k right singular directions: k <- V_r V_r^T k. Without
            // QK-Norm this is exactly W_k <- V_r V_r^T W_k (K = X W_k^T, P symmetric).
            auto vr = impl_->svd_v[size_t(layer)][g].slice(1, 0, d - k);
            ps.push_back(torch::matmul(vr, vr.t()));
            continue;
        }
        at::Tensor order;
        if (strategy == Strategy::Gamma) {
            order = impl_->gamma_order[size_t(layer)][g];
        } else if (strategy == Strategy::WkNorm) {
            order = impl_->wk_order[size_t(layer)][g];
        } else if (strategy == Strategy::Energy) {
            order = impl_->energy_order[size_t(layer)][g];
        } else { // random: a seeded permutation per (layer, head, draw); nested across fractions
            std::mt19937_64 rng(opt_.seed * 1000003ULL + uint64_t(layer) * 7919ULL +
                                uint64_t(g) * 104729ULL + uint64_t(draw) * 15485863ULL);
            std::vector<int64_t> perm(static_cast<size_t>(d));
            std::iota(perm.begin(), perm.end(), 0);
            for (int64_t i = d - 1; i > 0; --i) {
                std::swap(perm[size_t(i)], perm[size_t(rng() % uint64_t(i + 1))]);
            }
            order = torch::tensor(perm, torch::kInt64);
        }
        auto mask = torch::ones({d});
        mask.index_fill_(0, order.slice(0, 0, k), 0.0);
        ps.push_back(torch::diag(mask));
    }
    return torch::stack(ps);
}

HeldOutLoss SurgerySession::run(bool subset, const std::function<bool()>& stop) {
    c10::InferenceMode guard; // no autograd bookkeeping: quick sweep 25.9 -> 21.1 s
    auto& m = impl_->model;
    const int64_t n = subset ? impl_->subset_windows : impl_->test_in.size(0);
    const auto device = m->embed->weight.device();
    double loss_sum = 0.0;
    int64_t correct = 0, count = 0;
    AutocastScope ac(runtime_);
    constexpr int64_t kChunk = 16; // windows per forward (logits of paper: 16 x 1024 x 49152)
    for (int64_t i = 0; i < n; i += kChunk) {
        if (stop && stop()) {
            HeldOutLoss r;
            r.stopped = true;
            return r;
        }
        auto x = impl_->test_in.slice(0, i, std::min(n, i + kChunk)).to(device);
        auto y = impl_->test_tgt.slice(0, i, std::min(n, i + kChunk)).to(device);
        auto logits = m->forward(x);
        auto flat = logits.view({-1, logits.size(-1)});
        loss_sum += torch::nn::functional::cross_entropy(
                        flat, y.reshape({-1}),
                        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                        .item<double>();
        correct += flat.argmax(-1).eq(y.reshape({-1})).sum().item<int64_t>();
        count += y.numel();
    }
    HeldOutLoss r;
    r.loss = loss_sum / double(count);
    r.ppl = std::exp(r.loss);
    r.acc = double(correct) / double(count);
    r.tokens = count;
    r.subset = subset;
    return r;
}

HeldOutLoss SurgerySession::unpruned(bool subset) {
    return evaluate(Strategy::Svd, 0.0, 0, subset);
}

HeldOutLoss SurgerySession::evaluate(Strategy strategy, double fraction, int draw, bool subset,
                                     const std::function<bool()>& stop) {
    const auto why = unavailableReason(strategy);
    if (!why.empty()) {
        throw UserError(std::string("strategy '") + key(strategy) + "' unavailable: " + why);
    }
    if (fraction < 0.0 || fraction > 1.0) {
        throw UserError("prune fraction must be in [0, 1], got " + std::to_string(fraction));
    }
    // Fraction 0 is the same model for every strategy: one cache entry.
    const auto cache_key = fraction == 0.0 ? std::make_tuple(-1, 0.0, 0, subset)
                                           : std::make_tuple(int(strategy), fraction, draw, subset);
    if (auto it = impl_->cache.find(cache_key); it != impl_->cache.end()) {
        return it->second;
    }
    auto& m = impl_->model;
    for (size_t l = 0; l < m->numBlocks(); ++l) {
        m->block(l)->attn->setKeyTransform(
            fraction == 0.0 ? at::Tensor() : keyTransform(int(l), strategy, fraction, draw));
    }
    auto r = run(subset, stop);
    for (size_t l = 0; l < m->numBlocks(); ++l) {
        m->block(l)->attn->setKeyTransform({});
    }
    if (!r.stopped) {
        impl_->cache[cache_key] = r;
    }
    return r;
}

std::vector<SurgeryPoint> SurgerySession::sweep(const std::vector<Strategy>& strategies,
                                                const std::vector<double>& fractions,
                                                const std::function<void(size_t, size_t)>& progress,
                                                const std::atomic<bool>* cancel) {
    std::vector<std::tuple<Strategy, double, int>> plan;
    for (double f : fractions) {
        for (const auto& s : strategies) {
            if (!unavailableReason(s).empty()) {
                continue;
            }
            const int draws = s == Strategy::Random ? std::max(1, opt_.random_draws) : 1;
            for (int d = 0; d < draws; ++d) {
                plan.emplace_back(s, f, d);
            }
        }
    }
    std::vector<SurgeryPoint> out;
    for (size_t i = 0; i < plan.size(); ++i) {
        if (cancel && cancel->load()) {
            break;
        }
        const auto& [s, f, d] = plan[i];
        out.push_back({s, f, d, evaluate(s, f, d, false)});
        if (progress) {
            progress(i + 1, plan.size());
        }
    }
    return out;
}

std::vector<AblationPoint>
SurgerySession::ablation(const std::function<void(size_t, size_t)>& progress,
                         const std::atomic<bool>* cancel, bool subset) {
    auto& m = impl_->model;
    const int64_t d = cfg_.model.headDim();
    const double base = unpruned(subset).loss;
    std::vector<AblationPoint> out;
    size_t total = 0;
    for (size_t l = 0; l < m->numBlocks(); ++l) {
        for (int64_t g = 0; g < cfg_.model.n_kv_heads; ++g) {
            total += selected(int(l), int(g)) ? size_t(d) : 0;
        }
    }
    for (size_t l = 0; l < m->numBlocks(); ++l) {
        auto attn = m->block(l)->attn;
        for (int64_t g = 0; g < cfg_.model.n_kv_heads; ++g) {
            if (!selected(int(l), int(g))) {
                continue;
            }
            const auto gamma =
                cfg_.model.qk_norm ? attn->kGamma(g).detach().to(torch::kDouble) : at::Tensor();
            for (int64_t j = 0; j < d; ++j) {
                if (cancel && cancel->load()) {
                    return out;
                }
                auto p = torch::eye(d).unsqueeze(0).repeat({cfg_.model.n_kv_heads, 1, 1});
                p[g][j][j] = 0.0;
                attn->setKeyTransform(p);
                AblationPoint a{
                    int(l),          int(g),
                    int(j),          gamma.defined() ? gamma[j].item<double>() : std::nan(""),
                    run(subset, {}), 0.0};
                attn->setKeyTransform({});
                a.delta = a.result.loss - base;
                out.push_back(a);
                if (progress) {
                    progress(out.size(), total);
                }
            }
        }
    }
    return out;
}

std::vector<Strategy> parseStrategies(const std::string& spec) {
    std::vector<Strategy> out;
    std::stringstream ss(spec);
    for (std::string item; std::getline(ss, item, ',');) {
        const auto s = strategyFromKey(item);
        if (!s) {
            throw UserError("unknown strategy '" + item + "': use one or more of " +
                            keysOf(kStrategyNames));
        }
        out.push_back(*s);
    }
    return out;
}

SurgerySweep toSweep(int64_t checkpoint, const std::vector<SurgeryPoint>& points) {
    SurgerySweep s{checkpoint, {}};
    for (const auto& p : points) {
        s.rows.push_back(
            {p.strategy, p.fraction, p.draw, p.result.loss, p.result.ppl, p.result.acc});
    }
    return s;
}

SurgeryAblation toAblation(int64_t checkpoint, const std::vector<AblationPoint>& points) {
    SurgeryAblation a{checkpoint, {}};
    for (const auto& p : points) {
        a.rows.push_back(
            {p.layer, p.kv_head, p.dim, p.gamma, p.result.loss, p.delta, p.result.tokens});
    }
    return a;
}

std::vector<double> parseFractions(const std::string& spec) {
    std::vector<double> out;
    try {
        if (spec.find(':') != std::string::npos) {
            std::stringstream ss(spec);
            std::string a, b, c;
            std::getline(ss, a, ':');
            std::getline(ss, b, ':');
            std::getline(ss, c, ':');
            const double lo = std::stod(a), hi = std::stod(b), step = std::stod(c);
            if (step <= 0) {
                throw std::invalid_argument("step");
            }
            for (int i = 0; lo + i * step <= hi + 1e-9; ++i) {
                out.push_back(std::round((lo + i * step) * 1e9) / 1e9);
            }
        } else {
            std::stringstream ss(spec);
            std::string item;
            while (std::getline(ss, item, ',')) {
                out.push_back(std::stod(item));
            }
        }
    } catch (const std::exception&) {
        throw UserError("--fractions '" + spec +
                        "': use START:STOP:STEP (e.g. 0:0.9:0.1) or a "
                        "comma list (e.g. 0,0.25,0.5)");
    }
    for (double f : out) {
        if (f < 0 || f > 1) {
            throw UserError("--fractions: " + std::to_string(f) + " is outside [0, 1]");
        }
    }
    return out;
}

} // namespace rs
