#pragma once

#include <array>
#include <limits>
#include <optional>
#include <string>

namespace rs {

// The vocabulary of a probe, one table each: the enum is what code passes around, the key is
// what the files hold (summary.json, .npy names, export CSV). Labels for people live in the UI
// (rsui::Labels), which translates them.

enum class QK { Q, K };
enum class Tap { Pre, Normed, Rope, Gainless };
// The rank metrics of an N x d representation (singular values s, descending):
//   PR            (sum s)^2 / sum s^2, the study's definition
//   CovPR         (sum l)^2 / sum l^2, l = eigenvalues of the centred covariance
//   EntropyRank   exp(-sum p log p), p = s / sum s (Roy & Vetterli)
//   EnergyRank90  smallest r with sum_{i<=r} s_i^2 / sum s^2 >= 0.9
//   Condition     s_1 / s_d; +inf when s_d == 0
//   StableRank    ||A||_F^2 / s_1^2
enum class Metric { PR, CovPR, EntropyRank, EnergyRank90, Condition, StableRank };

struct QKName {
    QK value;
    const char* key;
};
inline constexpr QKName kQKNames[] = {{QK::Q, "q"}, {QK::K, "k"}};

struct TapName {
    Tap value;
    const char* key;
};
// "pre": X W^T, what QK-Norm receives; "gainless": pre RMS-normalised per token and head with
// the model's epsilon, before any gain (computed by the probe, in double; without QK-Norm it is
// what a gain-free RMSNorm would give); "normed": after QK-Norm (its gain included; without
// QK-Norm the same as pre); "rope": after RoPE. In the order the representation passes them.
inline constexpr TapName kTapNames[] = {
    {Tap::Pre, "pre"}, {Tap::Gainless, "gainless"}, {Tap::Normed, "normed"}, {Tap::Rope, "rope"}};

struct MetricName {
    Metric value;
    const char* key;
};
inline constexpr MetricName kMetricNames[] = {{Metric::PR, "pr"},
                                              {Metric::CovPR, "cov_pr"},
                                              {Metric::EntropyRank, "entropy_rank"},
                                              {Metric::EnergyRank90, "energy_rank_90"},
                                              {Metric::Condition, "condition"},
                                              {Metric::StableRank, "stable_rank"}};
inline constexpr int kMetricCount = int(std::size(kMetricNames));

// One value per metric: NaN when missing (not computed, or the model produced non-finite
// activations: valid = false), +inf allowed (condition of a dead head).
constexpr std::array<double, kMetricCount> missingMetricValues() {
    std::array<double, kMetricCount> a{};
    for (auto& v : a) {
        v = std::numeric_limits<double>::quiet_NaN();
    }
    return a;
}

struct MetricValues {
    std::array<double, kMetricCount> values = missingMetricValues();
    bool valid = true;
    double operator[](Metric m) const { return values[size_t(m)]; }
    double& operator[](Metric m) { return values[size_t(m)]; }
};

const char* key(QK v);
const char* key(Tap v);
const char* key(Metric v);
std::optional<QK> qkFromKey(const std::string& key);
std::optional<Tap> tapFromKey(const std::string& key);
std::optional<Metric> metricFromKey(const std::string& key);

} // namespace rs
