#pragma once

#include "spectral/metrics.h"
#include "util/json_fields.h"

#include <ATen/Tensor.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rs {

class TransformerImpl;

// One representation: layer, head (KV head for K), Q or K, tap.
struct RepresentationRecord {
    int layer = 0, head = 0;
    char qk = 'k';
    std::string tap; // "pre" (X W^T), "normed" (after QK-Norm), "rope" (after RoPE)
    SpectrumMetrics metrics;
    Eigen::VectorXd sigma;
};

struct WeightRecord {
    int layer = 0, head = 0;
    char qk = 'k';
    SpectrumMetrics metrics;
    Eigen::VectorXd sigma;
};

// QK-Norm gamma of one head, its summary, and (for K) each dimension's share of the energy of
// K after QK-Norm, c_j = sum_n K[n,j]^2 / ||K||_F^2, with Spearman(|gamma_j|, c_j).
struct GammaRecord {
    int layer = 0, head = 0;
    char qk = 'k';
    std::vector<double> gamma;
    double mean = 0, std = 0, cv = 0, frac_below_10pct = 0;
    std::vector<double> contribution; // K only
    double spearman_abs_gamma_contribution = 0.0;
};

struct ProbeResult {
    int64_t checkpoint_tokens = 0;
    int64_t eval_tokens = 0;
    bool valid = true; // false when the model produced non-finite activations
    std::vector<RepresentationRecord> representations;
    std::vector<WeightRecord> weights;
    std::vector<GammaRecord> gammas;
    double seconds = 0.0;

    // Mean participation ratio over layers and heads for one of Q/K and one tap.
    double meanPR(char qk, const std::string& tap) const;
    Json summaryJson() const; // every scalar, no spectra
};

// Runs the evaluation batch ([sequences, length] int64) through the model (no grad, eval mode,
// fp32 forward) and measures every layer, head, tap, Q and K in double.
ProbeResult probeModel(TransformerImpl& model, const at::Tensor& eval_tokens);

// probes/ckpt-<tokens>/: summary.json and the spectra as .npy: sigma_<q|k>_<tap>.npy
// [layers, heads, d], sigma_w<q|k>.npy, gamma_<q|k>.npy, contribution_k.npy.
void writeProbe(const std::filesystem::path& run_dir, const ProbeResult& result);
std::filesystem::path probeDir(const std::filesystem::path& run_dir, int64_t tokens);

// JSON has no infinity: an infinite condition number is written as the string "inf".
Json jsonNumber(double v);

} // namespace rs
