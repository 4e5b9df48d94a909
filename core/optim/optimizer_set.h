#pragma once

#include "core/config/train_config.h"
#include "core/optim/muon.h"

#include <memory>
#include <string>
#include <vector>

namespace rs {

class TransformerImpl;

// Which parameters go to which optimizer. Muon+AdamW: Muon on every 2-D matrix inside the
// blocks (attention Q/K/V/O and feed-forward), AdamW on the embedding and every norm gain
// including the q/k gammas. AdamW-only: everything on AdamW.
struct ParamSplit {
    std::vector<std::string> muon_names, adamw_names;
    std::vector<at::Tensor> muon, adamw;
};
ParamSplit splitParameters(TransformerImpl& model, Optimizer optimizer);
// A 2-D weight inside a block that is not a norm gain: attention and feed-forward matrices.
bool isHiddenMatrix(const std::string& name, const at::Tensor& p);
// An RMSNorm gain (QK-Norm's gamma or a block norm's), by its parameter name.
bool isGain(const std::string& name);
// How Muon stacks its parameters (names as in ParamSplit::muon_names): FusedQkvo makes each
// layer's q/k/v/o_proj one unit in that row order, every other matrix its own; Separate makes
// every matrix its own unit.
std::vector<MuonUnit> muonUnits(const std::vector<std::string>& names, MuonGrouping grouping);

// Learning-rate multiplier at `step` of `total` (constant, or linear warmup + cosine decay).
double lrMultiplier(const TrainConfig& cfg, int64_t step, int64_t total);

// The optimizers of one run, built from the configuration by the recipe of its optimizer
// choice (optimizer_set.cpp), stepped, scheduled and saved together in the recipe's order.
class OptimizerSet {
  public:
    // `bf16_compute`: the run computes under bf16 autocast (decides muon.ns_precision Auto).
    OptimizerSet(TransformerImpl& model, const TrainConfig& cfg, bool bf16_compute = false);
    ~OptimizerSet();
    void setLrMultiplier(double m);
    void step();
    void zeroGrad();
    void save(torch::serialize::OutputArchive& archive) const;
    void load(torch::serialize::InputArchive& archive);
    const ParamSplit& split() const { return split_; }

  private:
    ParamSplit split_;
    double lr_scale_ = 1.0; // train.lr_scale
    std::vector<std::unique_ptr<ParamOptimizer>> parts_;
};

} // namespace rs
