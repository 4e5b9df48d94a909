#include "core/spectral/probe.h"
#include "core/model/transformer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace rs {

namespace {

// [B, T, heads, d] -> per head a (B*T) x d double matrix.
Eigen::MatrixXd headMatrix(const at::Tensor& t, int64_t head) {
    auto m = t.select(2, head).reshape({-1, t.size(3)}).to(torch::kDouble).contiguous();
    // Eigen is column-major: map the row-major data as its transpose.
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> map(
        m.data_ptr<double>(), m.size(0), m.size(1));
    return map;
}

Eigen::MatrixXd toEigen(const at::Tensor& t2d) {
    auto m = t2d.to(torch::kDouble).contiguous();
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> map(
        m.data_ptr<double>(), m.size(0), m.size(1));
    return map;
}

GammaRecord gammaStats(int layer, int head, QK qk, const at::Tensor& g) {
    GammaRecord r;
    r.layer = layer;
    r.head = head;
    r.qk = qk;
    r.spearman_abs_gamma_contribution = std::nan("");
    r.spearman_abs_gamma_pregain = std::nan("");
    auto gd = g.to(torch::kDouble).contiguous();
    r.gamma.assign(gd.data_ptr<double>(), gd.data_ptr<double>() + gd.numel());
    const double n = double(r.gamma.size());
    double sum = 0, max_abs = 0;
    for (double x : r.gamma) {
        sum += x;
        max_abs = std::max(max_abs, std::abs(x));
    }
    r.mean = sum / n;
    double var = 0;
    int small = 0;
    for (double x : r.gamma) {
        var += (x - r.mean) * (x - r.mean);
        small += std::abs(x) < 0.1 * max_abs ? 1 : 0;
    }
    r.std = std::sqrt(var / n);
    r.cv = r.mean != 0 ? r.std / std::abs(r.mean) : std::nan("");
    r.frac_below_10pct = double(small) / n;
    return r;
}

std::vector<double> energyShares(const Eigen::MatrixXd& m) {
    const double total = m.squaredNorm();
    std::vector<double> out;
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
        out.push_back(total > 0 ? m.col(j).squaredNorm() / total : 0.0);
    }
    return out;
}

// The gamma-free measures of how K uses each dimension (see GammaRecord).
void keyUseMeasures(GammaRecord& rec, const Eigen::MatrixXd& k_normed, const Eigen::MatrixXd& k_pre,
                    double eps) {
    const Eigen::MatrixXd pregain = rmsNormalizedRows(k_pre, eps);
    rec.contribution = energyShares(k_normed);
    rec.pregain_energy = energyShares(pregain);
    std::vector<double> absg;
    for (double g : rec.gamma) {
        absg.push_back(std::abs(g));
    }
    rec.spearman_abs_gamma_contribution = spearman(absg, rec.contribution);
    rec.spearman_abs_gamma_pregain = spearman(absg, rec.pregain_energy);
    if (!pregain.allFinite()) {
        for (double& o : rec.overlap) {
            o = std::nan("");
        }
        return;
    }
    const int64_t d = int64_t(absg.size());
    std::vector<int64_t> order(static_cast<size_t>(d));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return absg[size_t(a)] < absg[size_t(b)]; });
    Eigen::BDCSVD<Eigen::MatrixXd> svd(pregain, Eigen::ComputeThinV); // descending sigma
    const Eigen::MatrixXd& v = svd.matrixV();
    for (int i = 0; i < 3; ++i) {
        const int64_t k =
            std::max<int64_t>(1, int64_t(std::llround(kOverlapFractions[i] * double(d))));
        rec.overlap[i] = subspaceOverlap({order.begin(), order.begin() + k},
                                         v.rightCols(std::min<Eigen::Index>(k, v.cols())));
    }
}

// Stacks one vector per (layer, head) record into [layers, heads, d], in record order
// (layer-major, head-minor).
template <typename Records, typename Pick, typename Values>
Spectra stack(const Records& records, const Pick& pick, const Values& values) {
    Spectra s;
    size_t layers = 0, heads = 0, d = 0;
    for (const auto& rec : records) {
        if (!pick(rec)) {
            continue;
        }
        const auto& v = values(rec);
        s.data.insert(s.data.end(), v.begin(), v.end());
        layers = std::max(layers, size_t(rec.layer + 1));
        heads = std::max(heads, size_t(rec.head + 1));
        d = size_t(v.size());
    }
    s.shape = {layers, heads, d};
    return s;
}

std::vector<double> sigmaOf(const Eigen::VectorXd& v) {
    return {v.data(), v.data() + v.size()};
}

// One layer's heads of Q or K at every tap; the gain-free tap is the pre tap normalised here.
void addRepresentations(ProbeResult& res, int layer, QK qk, int64_t heads, const at::Tensor& pre,
                        const at::Tensor& normed, const at::Tensor& rope, double eps) {
    const auto pre_cpu = pre.cpu(), normed_cpu = normed.cpu(), rope_cpu = rope.cpu();
    for (int64_t h = 0; h < heads; ++h) {
        const Eigen::MatrixXd pre_m = headMatrix(pre_cpu, h);
        const std::pair<Tap, Eigen::MatrixXd> at[] = {
            {Tap::Pre, pre_m},
            {Tap::Gainless, rmsNormalizedRows(pre_m, eps)},
            {Tap::Normed, headMatrix(normed_cpu, h)},
            {Tap::Rope, headMatrix(rope_cpu, h)}};
        for (const auto& [tap, m] : at) {
            RepresentationRecord r{layer, int(h), qk, tap, {}, {}};
            r.metrics = representationMetrics(m, &r.sigma);
            res.valid = res.valid && r.metrics.valid;
            res.representations.push_back(std::move(r));
        }
    }
}

} // namespace

Eigen::MatrixXd rmsNormalizedRows(const Eigen::MatrixXd& m, double eps) {
    Eigen::MatrixXd out = m;
    for (Eigen::Index n = 0; n < out.rows(); ++n) {
        out.row(n) /= std::sqrt(out.row(n).squaredNorm() / double(out.cols()) + eps);
    }
    return out;
}

double subspaceOverlap(const std::vector<int64_t>& axes, const Eigen::MatrixXd& basis) {
    if (axes.empty() || basis.cols() == 0) {
        return std::nan("");
    }
    double s = 0;
    for (auto j : axes) {
        s += basis.row(Eigen::Index(j)).squaredNorm();
    }
    return s / double(basis.cols());
}

ProbeResult probeModel(TransformerImpl& model, const at::Tensor& eval_tokens) {
    const auto t0 = std::chrono::steady_clock::now();
    ProbeResult res;
    res.eval_tokens = eval_tokens.numel();
    const auto& cfg = model.config();
    QKTaps taps;
    {
        torch::NoGradGuard ng;
        const bool was_training = model.is_training();
        model.eval();
        auto device = model.embed->weight.device();
        model.forward(eval_tokens.to(device), &taps);
        model.train(was_training);
    }
    for (size_t l = 0; l < taps.layers.size(); ++l) {
        const auto& lt = taps.layers[l];
        addRepresentations(res, int(l), QK::Q, cfg.n_heads, lt.q_pre, lt.q_normed, lt.q_rope,
                           cfg.norm_eps);
        addRepresentations(res, int(l), QK::K, cfg.n_kv_heads, lt.k_pre, lt.k_normed, lt.k_rope,
                           cfg.norm_eps);
        auto attn = model.block(l)->attn;
        for (int64_t h = 0; h < cfg.n_heads; ++h) {
            WeightRecord w{int(l), int(h), QK::Q, {}, {}};
            w.sigma = singularValues(toEigen(attn->wq(h).detach().cpu()));
            w.metrics = spectrumMetrics(w.sigma);
            res.weights.push_back(std::move(w));
        }
        for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
            WeightRecord w{int(l), int(g), QK::K, {}, {}};
            w.sigma = singularValues(toEigen(attn->wk(g).detach().cpu()));
            w.metrics = spectrumMetrics(w.sigma);
            res.weights.push_back(std::move(w));
        }
        if (cfg.qk_norm) {
            // A shared gain is recorded once per head (the same vector), so every file keeps
            // its [layers, heads, d] shape.
            for (int64_t h = 0; h < cfg.n_heads; ++h) {
                res.gammas.push_back(
                    gammaStats(int(l), int(h), QK::Q, attn->qGamma(h).detach().cpu()));
            }
            for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
                auto rec = gammaStats(int(l), int(g), QK::K, attn->kGamma(g).detach().cpu());
                keyUseMeasures(rec, headMatrix(lt.k_normed.cpu(), g), headMatrix(lt.k_pre.cpu(), g),
                               cfg.norm_eps);
                res.gammas.push_back(std::move(rec));
            }
        }
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

double ProbeResult::meanPR(QK qk, Tap tap) const {
    double sum = 0;
    int n = 0;
    for (const auto& r : representations) {
        if (r.qk == qk && r.tap == tap && r.metrics.valid) {
            sum += r.metrics[Metric::PR];
            ++n;
        }
    }
    return n ? sum / n : std::nan("");
}

ProbeSummary ProbeResult::summary() const {
    ProbeSummary p;
    p.tokens = checkpoint_tokens;
    p.eval_tokens = eval_tokens;
    p.valid = valid;
    p.seconds = seconds;
    for (const auto& r : representations) {
        p.reps.push_back({r.layer, r.head, r.qk, r.tap, r.metrics});
        p.layers = std::max(p.layers, r.layer + 1);
    }
    for (const auto& w : weights) {
        p.weights.push_back({w.layer, w.head, w.qk, w.metrics});
    }
    for (const auto& g : gammas) {
        GammaSummary s{g.layer, g.head, g.qk, g.mean, g.std, g.cv, g.frac_below_10pct};
        if (g.qk == QK::K) {
            s.spearman = g.spearman_abs_gamma_contribution;
            s.spearman_pregain = g.spearman_abs_gamma_pregain;
            std::copy(std::begin(g.overlap), std::end(g.overlap), std::begin(s.overlap));
        }
        p.gammas.push_back(s);
    }
    return p;
}

ProbeArrays ProbeResult::arrays() const {
    ProbeArrays out;
    for (const auto& [qk, qk_key] : kQKNames) {
        for (const auto& [tap, tap_key] : kTapNames) {
            out[sigmaArray(qk, tap)] = stack(
                representations,
                [&](const RepresentationRecord& r) { return r.qk == qk && r.tap == tap; },
                [](const RepresentationRecord& r) { return sigmaOf(r.sigma); });
        }
        out[weightSigmaArray(qk)] = stack(
            weights, [&](const WeightRecord& w) { return w.qk == qk; },
            [](const WeightRecord& w) { return sigmaOf(w.sigma); });
        const auto ofQK = [&](const GammaRecord& g) { return g.qk == qk; };
        out[gammaArray(qk)] = stack(gammas, ofQK, [](const GammaRecord& g) { return g.gamma; });
        if (qk == QK::K) {
            out[kContributionArray] =
                stack(gammas, ofQK, [](const GammaRecord& g) { return g.contribution; });
            out[kPregainEnergyArray] =
                stack(gammas, ofQK, [](const GammaRecord& g) { return g.pregain_energy; });
        }
    }
    return out;
}

} // namespace rs
