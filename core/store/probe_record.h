#pragma once

#include "core/spectral/probe_names.h"
#include "core/store/run_layout.h"
#include "core/util/json_fields.h"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rs {

// One probe of one checkpoint as the run folder holds it: probes/ckpt-N/summary.json (every
// scalar) and the spectra as .npy arrays [layers, heads, d]. Written and read only here.

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The overlap fractions of the gamma-vs-SVD subspace test: k = 25, 50, 75 % of head_dim.
inline constexpr double kOverlapFractions[3] = {0.25, 0.5, 0.75};

// {"pr": .., ..., "valid": ..}: null for a missing value, an integer for the energy rank.
Json toJson(const MetricValues& m);

struct RepresentationMetric {
    int layer = 0, head = 0; // head: KV head for K
    QK qk = QK::K;
    Tap tap = Tap::Normed;
    MetricValues metrics;
};

struct WeightMetric { // a W_q or W_k slice of one head
    int layer = 0, head = 0;
    QK qk = QK::K;
    MetricValues metrics;
};

struct GammaSummary {
    int layer = 0, head = 0;
    QK qk = QK::K;
    double mean = 0, std = 0, cv = 0, frac_below_10pct = 0;
    // K only: Spearman of |gamma| with the post-gain energy share (contains gamma^2: circular)
    // and with the pre-gain share; overlap of the smallest-|gamma| axes with the bottom singular
    // subspace of the pre-gain K at kOverlapFractions of head_dim (chance: k / d).
    double spearman = kNaN;
    double spearman_pregain = kNaN;
    double overlap[3] = {kNaN, kNaN, kNaN};
    Json toJson() const; // with layer, head and qk
};

// Which evaluation batch a probe's numbers come from: the experiment's shared fixed batch (the
// primary measurement) or the run's variant's own held-out batch (data cells only).
enum class EvalBatch { Shared, Own };

struct ProbeSummary {
    int64_t tokens = 0;
    int64_t eval_tokens = 0;
    bool valid = true;
    double seconds = 0.0;
    std::vector<RepresentationMetric> reps;
    std::vector<WeightMetric> weights;
    std::vector<GammaSummary> gammas;
    int layers = 0;
    // The same representation metrics on the variant's own held-out batch (empty: not probed).
    int64_t own_eval_tokens = 0;
    std::vector<RepresentationMetric> own_reps;

    Json toJson() const;
    static ProbeSummary fromJson(const Json& j);
    // Heads present for Q or K (Q: query heads, K: KV heads).
    int heads(QK qk) const;
    // A metric of one representation; layer or head < 0 averages over that axis (finite values
    // only). NaN when nothing matches.
    double value(QK qk, Tap tap, Metric metric, int layer, int head,
                 EvalBatch batch = EvalBatch::Shared) const;
    // {"q": {"pre": ..}, "k": {..}}: the mean PR of each (Q/K, tap), as metrics.jsonl records it.
    Json meanPRJson() const;
};

// One spectrum array of a probe, [layers, heads, d].
struct Spectra {
    std::vector<size_t> shape;
    std::vector<double> data;
    bool empty() const { return data.empty(); }
    std::vector<double> at(size_t layer, size_t head) const;
};
using ProbeArrays = std::map<std::string, Spectra>; // array name -> values

// The array names: sigma_<q|k>_<tap>, sigma_w<q|k>, gamma_<q|k>, contribution_k,
// energy_k_pregain.
std::string sigmaArray(QK qk, Tap tap);
std::string weightSigmaArray(QK qk);
std::string gammaArray(QK qk);
inline constexpr const char* kContributionArray = "contribution_k";
inline constexpr const char* kPregainEnergyArray = "energy_k_pregain";

// Arrays first, summary.json last (atomically): a reader that finds the summary finds the rest.
void writeProbe(const RunLayout& run, const ProbeSummary& summary, const ProbeArrays& arrays);
// Throws while the summary is absent or being written.
ProbeSummary readProbeSummary(const RunLayout& run, int64_t tokens);
// Empty when absent or unreadable.
Spectra readSpectra(const RunLayout& run, int64_t tokens, const std::string& name);

// JSON has no infinity: an infinite value is written as the string "inf" (NaN as null), and
// read back by jsonToNumber.
Json jsonNumber(double v);
double jsonToNumber(const Json& j);

} // namespace rs
