#pragma once

#include "core/config/run_config.h"
#include "core/store/surgery_record.h"
#include "core/train/batcher.h"
#include "core/train/runtime.h"

#include <ATen/Tensor.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rs {

class TransformerImpl;

// Held-out loss of a (possibly pruned) model.
struct HeldOutLoss {
    double loss = 0.0; // mean next-token cross-entropy, nats
    double ppl = 0.0;
    double acc = 0.0; // next-token top-1 accuracy
    int64_t tokens = 0;
    bool subset = false;  // an estimate on the first windows only
    bool stopped = false; // `stop` answered true between chunks: no value (and not cached)
};

struct SurgeryPoint {
    Strategy strategy = Strategy::Svd;
    double fraction = 0.0;
    int draw = 0; // random: 0..draws-1
    HeldOutLoss result;
};

// One key dimension of one KV head zeroed alone (all other dimensions and layers untouched).
struct AblationPoint {
    int layer = 0, kv_head = 0, dim = 0;
    double gamma = 0.0; // that dimension's QK-Norm gain (NaN without QK-Norm)
    HeldOutLoss result;
    double delta = 0.0; // loss increase over the unpruned model on the same tokens
};

struct SurgeryOptions {
    std::vector<int> layers;   // empty = all
    std::vector<int> kv_heads; // empty = all
    int random_draws = 5;
    uint64_t seed = 0;
    int64_t test_tokens = kDefaultTestTokens; // the "full" evaluation, spread over the split
    int64_t subset_tokens = 2048;             // the fast estimate
};

// Surgery on one checkpoint. The checkpoint is loaded into a model of our own: stored files are
// never modified. Bases (SVD of K after QK-Norm on the fixed evaluation batch, gamma order,
// W_k row-norm order) are computed once at construction and cached for every later point.
class SurgerySession {
  public:
    SurgerySession(const RunConfig& cfg, const std::filesystem::path& checkpoint,
                   const SurgeryOptions& options);
    ~SurgerySession();

    // Why a strategy cannot run on this checkpoint (empty = available). Gamma needs QK-Norm.
    std::string unavailableReason(Strategy strategy) const;

    // `stop` (when given) is asked between chunks of 16 windows: a slider that moved on does not
    // wait for a full-set evaluation of its old position.
    HeldOutLoss evaluate(Strategy strategy, double fraction, int draw, bool subset,
                         const std::function<bool()>& stop = {});
    HeldOutLoss unpruned(bool subset);

    // Fractions x strategies (random: every draw). Cancellation is checked between points.
    std::vector<SurgeryPoint> sweep(const std::vector<Strategy>& strategies,
                                    const std::vector<double>& fractions,
                                    const std::function<void(size_t done, size_t total)>& progress,
                                    const std::atomic<bool>* cancel = nullptr);

    // Single-dimension ablation over every selected layer, KV head and dimension: a measure of
    // each dimension's use that does not involve gamma. `subset`: the fast estimate.
    std::vector<AblationPoint>
    ablation(const std::function<void(size_t done, size_t total)>& progress,
             const std::atomic<bool>* cancel = nullptr, bool subset = true);

    // The key transform P [n_kv_heads, d, d] of layer `layer` for a strategy and fraction.
    at::Tensor keyTransform(int layer, Strategy strategy, double fraction, int draw) const;
    TransformerImpl& model();

  private:
    bool selected(int layer, int kv_head) const;
    HeldOutLoss run(bool subset, const std::function<bool()>& stop);

    RunConfig cfg_;
    SurgeryOptions opt_;
    Runtime runtime_;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "0:0.9:0.1" -> 0, 0.1, ..., 0.9; "0,0.5" -> 0, 0.5.
std::vector<double> parseFractions(const std::string& spec);
// The sweep of the study: 0, 10, ..., 90 % (CLI default, GUI Sweep button, headless job).
inline constexpr const char* kDefaultSweep = "0:0.9:0.1";

// "gamma,svd" -> the strategies; an unknown name is a UserError listing the known ones.
std::vector<Strategy> parseStrategies(const std::string& spec);

// The records the run folder keeps (core/store/surgery_record.h).
SurgerySweep toSweep(int64_t checkpoint, const std::vector<SurgeryPoint>& points);
SurgeryAblation toAblation(int64_t checkpoint, const std::vector<AblationPoint>& points);

} // namespace rs
