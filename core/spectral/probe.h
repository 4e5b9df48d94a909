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

// The overlap fractions of the gamma-vs-SVD subspace test: k = 25, 50, 75 % of head_dim.
inline constexpr double kOverlapFractions[3] = {0.25, 0.5, 0.75};

// QK-Norm gamma of one head, its summary, and for K the measures of each dimension's use:
// - contribution c_j: share of the energy of K after QK-Norm. It contains gamma_j^2, so
//   Spearman(|gamma_j|, c_j) is high even for gammas unrelated to the data (circular);
// - pregain energy e_j: share of the energy of K after RMS normalisation, before the gain;
// - overlap: mean squared cosine of the principal angles between the k smallest-|gamma| axes
//   and the bottom-k right singular subspace of the pre-gain K (chance level k / d).
struct GammaRecord {
    int layer = 0, head = 0;
    char qk = 'k';
    std::vector<double> gamma;
    double mean = 0, std = 0, cv = 0, frac_below_10pct = 0;
    std::vector<double> contribution; // K only
    double spearman_abs_gamma_contribution = 0.0;
    std::vector<double> pregain_energy; // K only
    double spearman_abs_gamma_pregain = 0.0;
    double overlap[3] = {0, 0, 0}; // per kOverlapFractions
};

// Mean squared cosine of the principal angles between the coordinate axes `axes` and the span
// of the columns of `basis` (orthonormal, d x k): ||E^T V||_F^2 / k.
double subspaceOverlap(const std::vector<int64_t>& axes, const Eigen::MatrixXd& basis);

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
// [layers, heads, d], sigma_w<q|k>.npy, gamma_<q|k>.npy, contribution_k.npy,
// energy_k_pregain.npy.
void writeProbe(const std::filesystem::path& run_dir, const ProbeResult& result);
std::filesystem::path probeDir(const std::filesystem::path& run_dir, int64_t tokens);

// JSON has no infinity: an infinite condition number is written as the string "inf".
Json jsonNumber(double v);

} // namespace rs
