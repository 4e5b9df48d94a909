#include "spectral/probe.h"
#include "model/transformer.h"
#include "store/npy.h"
#include "util/files.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

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
    // RMS normalisation per token, as QK-Norm does before multiplying by gamma.
    Eigen::MatrixXd pregain = k_pre;
    for (Eigen::Index n = 0; n < pregain.rows(); ++n) {
        pregain.row(n) /= std::sqrt(pregain.row(n).squaredNorm() / double(pregain.cols()) + eps);
    }
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

Json metricsJson(const SpectrumMetrics& m) {
    if (!m.valid) {
        // Non-finite activations: no metric exists, and a 0 would read as total collapse.
        return {{"pr", nullptr},           {"cov_pr", nullptr},
                {"entropy_rank", nullptr}, {"energy_rank_90", nullptr},
                {"condition", nullptr},    {"stable_rank", nullptr},
                {"valid", false}};
    }
    return {{"pr", jsonNumber(m.participation_ratio)},
            {"cov_pr", jsonNumber(m.covariance_pr)},
            {"entropy_rank", jsonNumber(m.entropy_rank)},
            {"energy_rank_90", m.energy_rank},
            {"condition", jsonNumber(m.condition)},
            {"stable_rank", jsonNumber(m.stable_rank)},
            {"valid", m.valid}};
}

} // namespace

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
            // A shared gain is recorded once per head (the same vector), so every file keeps
            // its [layers, heads, d] shape.
            for (int64_t h = 0; h < cfg.n_heads; ++h) {
                res.gammas.push_back(
                    gammaStats(int(l), int(h), 'q', attn->qGamma(h).detach().cpu()));
            }
            for (int64_t g = 0; g < cfg.n_kv_heads; ++g) {
                auto rec = gammaStats(int(l), int(g), 'k', attn->kGamma(g).detach().cpu());
                keyUseMeasures(rec, headMatrix(lt.k_normed.cpu(), g), headMatrix(lt.k_pre.cpu(), g),
                               cfg.norm_eps);
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
            e["spearman_abs_gamma_pregain"] = jsonNumber(g.spearman_abs_gamma_pregain);
            for (int i = 0; i < 3; ++i) {
                e["overlap_" + std::to_string(int(kOverlapFractions[i] * 100))] =
                    jsonNumber(g.overlap[i]);
            }
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
        std::vector<double> gam, con, pre;
        size_t layers = 0, heads = 0, d = 0;
        for (const auto& g : r.gammas) {
            if (g.qk != qk) {
                continue;
            }
            gam.insert(gam.end(), g.gamma.begin(), g.gamma.end());
            con.insert(con.end(), g.contribution.begin(), g.contribution.end());
            pre.insert(pre.end(), g.pregain_energy.begin(), g.pregain_energy.end());
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
        if (!pre.empty()) {
            writeNpy(dir / "energy_k_pregain.npy", pre, {layers, heads, d});
        }
    }
    writeFileAtomic(dir / "summary.json", r.summaryJson().dump() + "\n");
}

} // namespace rs
