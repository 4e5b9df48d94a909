#include "spectral/probe.h"
#include "model/transformer.h"
#include "store/npy.h"
#include "util/files.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace rs {

namespace {

const char* const kTaps[3] = {"pre", "normed", "rope"};

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

GammaRecord gammaStats(int layer, int head, char qk, const at::Tensor& g) {
    GammaRecord r{layer, head, qk, {}, 0, 0, 0, 0, {}, std::nan("")};
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

Json metricsJson(const SpectrumMetrics& m) {
    return {{"pr", jsonNumber(m.participation_ratio)},
            {"cov_pr", jsonNumber(m.covariance_pr)},
            {"entropy_rank", jsonNumber(m.entropy_rank)},
            {"energy_rank_90", m.energy_rank},
            {"condition", jsonNumber(m.condition)},
            {"stable_rank", jsonNumber(m.stable_rank)},
            {"valid", m.valid}};
}

} // namespace

Json jsonNumber(double v) {
    if (std::isinf(v)) {
        return v > 0 ? "inf" : "-inf";
    }
    if (std::isnan(v)) {
        return nullptr;
    }
    return v;
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
        const at::Tensor* q[3] = {&lt.q_pre, &lt.q_normed, &lt.q_rope};
        const at::Tensor* k[3] = {&lt.k_pre, &lt.k_normed, &lt.k_rope};
        for (int tap = 0; tap < 3; ++tap) {
            for (int64_t h = 0; h < cfg.n_heads; ++h) {
                RepresentationRecord r{int(l), int(h), 'q', kTaps[tap], {}, {}};
                r.metrics = representationMetrics(headMatrix(q[tap]->cpu(), h), &r.sigma);
                res.valid = res.valid && r.metrics.valid;
                res.representations.push_back(std::move(r));
            }
            for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
                RepresentationRecord r{int(l), int(g), 'k', kTaps[tap], {}, {}};
                r.metrics = representationMetrics(headMatrix(k[tap]->cpu(), g), &r.sigma);
                res.valid = res.valid && r.metrics.valid;
                res.representations.push_back(std::move(r));
            }
        }
        auto attn = model.block(l)->attn;
        for (int64_t h = 0; h < cfg.n_heads; ++h) {
            WeightRecord w{int(l), int(h), 'q', {}, {}};
            w.sigma = singularValues(toEigen(attn->wq(h).detach().cpu()));
            w.metrics = spectrumMetrics(w.sigma);
            res.weights.push_back(std::move(w));
        }
        for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
            WeightRecord w{int(l), int(g), 'k', {}, {}};
            w.sigma = singularValues(toEigen(attn->wk(g).detach().cpu()));
            w.metrics = spectrumMetrics(w.sigma);
            res.weights.push_back(std::move(w));
        }
        if (cfg.qk_norm) {
            auto qg = attn->q_norm->weight.detach().cpu();
            auto kg = attn->k_norm->weight.detach().cpu();
            for (int64_t h = 0; h < cfg.n_heads; ++h) {
                res.gammas.push_back(gammaStats(int(l), int(h), 'q', qg[h]));
            }
            for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
                auto rec = gammaStats(int(l), int(g), 'k', kg[g]);
                const Eigen::MatrixXd kn = headMatrix(lt.k_normed.cpu(), g);
                const double total = kn.squaredNorm();
                std::vector<double> absg;
                for (Eigen::Index j = 0; j < kn.cols(); ++j) {
                    rec.contribution.push_back(total > 0 ? kn.col(j).squaredNorm() / total : 0.0);
                    absg.push_back(std::abs(rec.gamma[size_t(j)]));
                }
                rec.spearman_abs_gamma_contribution = spearman(absg, rec.contribution);
                res.gammas.push_back(std::move(rec));
            }
        }
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

double ProbeResult::meanPR(char qk, const std::string& tap) const {
    double sum = 0;
    int n = 0;
    for (const auto& r : representations) {
        if (r.qk == qk && r.tap == tap && r.metrics.valid) {
            sum += r.metrics.participation_ratio;
            ++n;
        }
    }
    return n ? sum / n : std::nan("");
}

Json ProbeResult::summaryJson() const {
    Json reps = Json::array(), weights_j = Json::array(), gammas_j = Json::array();
    for (const auto& r : representations) {
        reps.push_back({{"layer", r.layer},
                        {"head", r.head},
                        {"qk", std::string(1, r.qk)},
                        {"tap", r.tap},
                        {"metrics", metricsJson(r.metrics)}});
    }
    for (const auto& w : weights) {
        weights_j.push_back({{"layer", w.layer},
                             {"head", w.head},
                             {"qk", std::string(1, w.qk)},
                             {"metrics", metricsJson(w.metrics)}});
    }
    for (const auto& g : gammas) {
        Json e = {{"layer", g.layer},
                  {"head", g.head},
                  {"qk", std::string(1, g.qk)},
                  {"mean", jsonNumber(g.mean)},
                  {"std", jsonNumber(g.std)},
                  {"cv", jsonNumber(g.cv)},
                  {"frac_below_10pct", g.frac_below_10pct}};
        if (g.qk == 'k') {
            e["spearman_abs_gamma_contribution"] = jsonNumber(g.spearman_abs_gamma_contribution);
        }
        gammas_j.push_back(e);
    }
    Json mean = Json::object();
    for (char qk : {'q', 'k'}) {
        for (const char* tap : kTaps) {
            mean[std::string(1, qk)][tap] = jsonNumber(meanPR(qk, tap));
        }
    }
    return {{"tokens", checkpoint_tokens},
            {"eval_tokens", eval_tokens},
            {"valid", valid},
            {"seconds", seconds},
            {"mean_pr", mean},
            {"representations", reps},
            {"weights", weights_j},
            {"gammas", gammas_j}};
}

std::filesystem::path probeDir(const std::filesystem::path& run_dir, int64_t tokens) {
    char name[64];
    std::snprintf(name, sizeof name, "ckpt-%012lld", static_cast<long long>(tokens));
    return run_dir / "probes" / name;
}

void writeProbe(const std::filesystem::path& run_dir, const ProbeResult& r) {
    const auto dir = probeDir(run_dir, r.checkpoint_tokens);
    std::filesystem::create_directories(dir);
    // Stack per (Q/K, tap) into [layers, heads, d], in record order (layer-major, head-minor).
    auto stack = [&](auto pick, const auto& records, const std::string& name) {
        std::vector<double> data;
        size_t layers = 0, heads = 0, d = 0;
        for (const auto& rec : records) {
            if (!pick(rec)) {
                continue;
            }
            const auto& v = rec.sigma;
            data.insert(data.end(), v.data(), v.data() + v.size());
            layers = std::max(layers, size_t(rec.layer + 1));
            heads = std::max(heads, size_t(rec.head + 1));
            d = size_t(v.size());
        }
        if (!data.empty()) {
            writeNpy(dir / name, data, {layers, heads, d});
        }
    };
    for (char qk : {'q', 'k'}) {
        for (const char* tap : kTaps) {
            stack([&](const RepresentationRecord& x) { return x.qk == qk && x.tap == tap; },
                  r.representations, std::string("sigma_") + qk + "_" + tap + ".npy");
        }
        stack([&](const WeightRecord& x) { return x.qk == qk; }, r.weights,
              std::string("sigma_w") + qk + ".npy");
        std::vector<double> gam, con;
        size_t layers = 0, heads = 0, d = 0;
        for (const auto& g : r.gammas) {
            if (g.qk != qk) {
                continue;
            }
            gam.insert(gam.end(), g.gamma.begin(), g.gamma.end());
            con.insert(con.end(), g.contribution.begin(), g.contribution.end());
            layers = std::max(layers, size_t(g.layer + 1));
            heads = std::max(heads, size_t(g.head + 1));
            d = g.gamma.size();
        }
        if (!gam.empty()) {
            writeNpy(dir / (std::string("gamma_") + qk + ".npy"), gam, {layers, heads, d});
        }
        if (!con.empty()) {
            writeNpy(dir / "contribution_k.npy", con, {layers, heads, d});
        }
    }
    writeFileAtomic(dir / "summary.json", r.summaryJson().dump() + "\n");
}

} // namespace rs
