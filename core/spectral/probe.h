#pragma once

#include "core/spectral/metrics.h"
#include "core/store/probe_record.h"

#include <ATen/Tensor.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rs {

class TransformerImpl;

// One representation: layer, head (KV head for K), Q or K, tap.
struct RepresentationRecord {
    int layer = 0, head = 0;
    QK qk = QK::K;
    Tap tap = Tap::Normed;
    SpectrumMetrics metrics;
    Eigen::VectorXd sigma;
};

struct WeightRecord {
    int layer = 0, head = 0;
    QK qk = QK::K;
    SpectrumMetrics metrics;
    Eigen::VectorXd sigma;
};

// QK-Norm gamma of one head, its summary, and for K the measures of each dimension's use:
// - contribution c_j: share of the energy of K after QK-Norm. It contains gamma_j^2, so
//   Spearman(|gamma_j|, c_j) is high even for gammas unrelated to the data (circular);
// - pregain energy e_j: share of the energy of K after RMS normalisation, before the gain;
// - overlap: mean squared cosine of the principal angles between the k smallest-|gamma| axes
//   and the bottom-k right singular subspace of the pre-gain K (chance level k / d).
struct GammaRecord {
    int layer = 0, head = 0;
    QK qk = QK::K;
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

// Each row divided by its root mean square (with eps inside the root), as RMSNorm does before
// its gain: the "gainless" tap and the pre-gain K of the key-use measures.
Eigen::MatrixXd rmsNormalizedRows(const Eigen::MatrixXd& m, double eps);

struct ProbeResult {
    int64_t checkpoint_tokens = 0;
    int64_t eval_tokens = 0;
    bool valid = true; // false when the model produced non-finite activations
    std::vector<RepresentationRecord> representations;
    std::vector<WeightRecord> weights;
    std::vector<GammaRecord> gammas;
    double seconds = 0.0;

    // Mean participation ratio over layers and heads for one of Q/K and one tap.
    double meanPR(QK qk, Tap tap) const;
    // What the run folder keeps (core/store/probe_record.h): every scalar, and the spectra
    // stacked per (Q/K, tap) into [layers, heads, d].
    ProbeSummary summary() const;
    ProbeArrays arrays() const;
};

// Runs the evaluation batch ([sequences, length] int64) through the model (no grad, eval mode,
// fp32 forward) and measures every layer, head, tap, Q and K in double.
ProbeResult probeModel(TransformerImpl& model, const at::Tensor& eval_tokens);

} // namespace rs
