#pragma once

#include "config/run_config.h"
#include "store/follower.h"
#include "store/run_dir.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rs {

// Everything the workbench and the report read from an experiment folder, as plain values.
// Written by any process (the GUI's workers, rankscope-cli, a cluster job); read and followed
// here without locks: files are appended or replaced atomically by the writers.

struct LossPoint {
    int64_t tokens = 0;
    double value = 0.0;
};

// The spectral metrics a figure can plot, by their summary.json keys.
inline constexpr const char* kMetricKeys[] = {
    "pr", "cov_pr", "entropy_rank", "energy_rank_90", "condition", "stable_rank"};

struct RepresentationMetric {
    int layer = 0, head = 0;
    char qk = 'k';
    std::string tap;
    std::map<std::string, double> values; // metric key -> value (+inf allowed)
};

struct GammaSummary {
    int layer = 0, head = 0;
    char qk = 'k';
    double mean = 0, std = 0, cv = 0, frac_below_10pct = 0;
    // K only: Spearman of |gamma| with the post-gain energy share (contains gamma^2: circular)
    // and with the pre-gain share; overlap of the smallest-|gamma| axes with the bottom singular
    // subspace of the pre-gain K at k = 25/50/75 % of head_dim (chance: k / d).
    double spearman = std::numeric_limits<double>::quiet_NaN();
    double spearman_pregain = std::numeric_limits<double>::quiet_NaN();
    double overlap[3] = {std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::quiet_NaN()};
};

// One checkpoint's probe summary (probes/ckpt-N/summary.json).
struct ProbeSummary {
    int64_t tokens = 0;
    bool valid = true;
    double seconds = 0.0;
    std::vector<RepresentationMetric> reps;
    std::vector<GammaSummary> gammas;
    int layers = 0;

    static ProbeSummary fromJson(const Json& j);
    // Heads present for Q or K (Q: query heads, K: KV heads).
    int heads(char qk) const;
    // A metric of one representation; layer or head < 0 averages over that axis (finite values
    // only). NaN when nothing matches.
    double value(char qk, const std::string& tap, const std::string& metric, int layer,
                 int head) const;
};

// One row of a surgery sweep CSV (surgery/ckpt-<tokens>-sweep.csv).
struct SurgeryRow {
    std::string strategy;
    double fraction = 0.0;
    int draw = 0;
    double loss = 0.0, ppl = 0.0, acc = 0.0;
};

struct SurgerySweep {
    int64_t checkpoint = 0;
    std::vector<SurgeryRow> rows;
};

// One row of a single-dimension ablation (surgery/ckpt-<tokens>-ablation.csv).
struct AblationRow {
    int layer = 0, kv_head = 0, dim = 0;
    double gamma = 0.0; // NaN without QK-Norm
    double delta = 0.0; // held-out loss increase when only this dimension is zeroed
};

struct SurgeryAblation {
    int64_t checkpoint = 0;
    std::vector<AblationRow> rows;
};

struct RunSnapshot {
    std::string name; // directory name, e.g. "A1-s0"
    std::filesystem::path dir;
    std::string cell;
    uint64_t seed = 0;
    std::optional<RunConfig> config; // absent until the run has started (run.json)
    RunStatus status;
    std::vector<LossPoint> train_loss, val_loss;
    double tokens_per_s = 0.0;
    int threads = 0;                   // CPU threads in the latest train record (0: not recorded)
    std::vector<ProbeSummary> probes;  // ascending tokens
    std::vector<SurgerySweep> surgery; // ascending checkpoint
    std::vector<SurgeryAblation> ablations; // ascending checkpoint
    std::string device;
    double wall_seconds = 0.0; // summed over the sessions that recorded it ("end" records)
    int sessions = 0;

    std::vector<int64_t> checkpointTokens() const;
    const ProbeSummary* probeAt(int64_t tokens) const;
    const ProbeSummary* lastProbe() const;
    double meanKeyPR() const; // mean PR of K after QK-Norm at the last probe, NaN if none
};

// Reads one run directory and follows it as it grows. poll() returns true when anything changed.
class RunFollower {
  public:
    explicit RunFollower(std::filesystem::path dir);
    bool poll();
    const RunSnapshot& snapshot() const { return snap_; }

  private:
    // Reads probes/ckpt-<tokens>/summary.json into the sorted list (replacing a re-probe).
    bool loadProbe(int64_t tokens);

    RunDir rd_;
    RunSnapshot snap_;
    MetricsFollower metrics_;
    std::filesystem::file_time_type status_time_{}, surgery_time_{};
};

// An experiment folder: every subfolder holding status.json or run.json is a run (order from
// experiment.json when present, then by name). New runs appearing later are picked up.
class ExperimentFollower {
  public:
    explicit ExperimentFollower(std::filesystem::path root);
    bool poll();
    const std::filesystem::path& root() const { return root_; }
    std::vector<const RunSnapshot*> runs() const;
    const RunSnapshot* run(const std::string& name) const;

  private:
    std::filesystem::path root_;
    std::vector<std::string> order_;
    std::map<std::string, std::unique_ptr<RunFollower>> runs_;
};

// Spectra stored next to a probe summary as .npy: [layers, heads, d].
struct Spectra {
    std::vector<size_t> shape;
    std::vector<double> data;
    bool empty() const { return data.empty(); }
    std::vector<double> at(size_t layer, size_t head) const;
};
// name: "sigma_k_normed", "gamma_k", "contribution_k", "sigma_wk", ...; empty when absent.
Spectra readSpectra(const std::filesystem::path& run_dir, int64_t tokens, const std::string& name);

// Runs sharing a cell, e.g. {"A1": [A1-s0, A1-s1]}; runs without a cell are their own group.
std::map<std::string, std::vector<const RunSnapshot*>>
groupByCell(const std::vector<const RunSnapshot*>& runs);

} // namespace rs
