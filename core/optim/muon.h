#pragma once

#include "core/config/train_config.h"
#include "core/optim/orthogonalize.h"
#include "core/optim/param_optimizer.h"

#include <ATen/Tensor.h>

#include <vector>

namespace rs {

// The parameters (indices into Muon's list) that form one orthogonalized matrix, stacked along
// rows in this order: e.g. a layer's W_q, W_k, W_v, W_o as the reference's fused qkvo matrix.
using MuonUnit = std::vector<size_t>;

// Muon for 2-D weight matrices: momentum (Nesterov by default) on the gradient, then the update
// of each unit (one matrix, or several stacked along rows) is replaced by its approximate polar
// factor and scaled by sqrt(max(1, rows/cols)) of that unit.
class Muon : public ParamOptimizer {
  public:
    // `bf16_ns`: orthogonalize in bf16 (resolved from cfg.ns_precision by the caller).
    // `units`: how parameters are stacked; empty = every parameter is its own unit.
    Muon(std::vector<at::Tensor> params, const MuonConfig& cfg, bool bf16_ns = false,
         std::vector<MuonUnit> units = {});
    void step() override;
    void zeroGrad() override;
    void setLrMultiplier(double m) override { lr_ = cfg_.lr * m; }
    void setLr(double lr) { lr_ = lr; }
    double lr() const { return lr_; }
    const std::vector<at::Tensor>& params() const { return params_; }

    // The momenta under "muon" of a checkpoint's optimizer archive.
    void saveInto(torch::serialize::OutputArchive& archive) const override;
    void loadFrom(torch::serialize::InputArchive& archive) override;

  private:
    // Units of one stacked shape are stepped together as a batch.
    struct ShapeGroup {
        std::vector<size_t> members; // indices into units_
        at::Tensor momentum;         // [members, rows, cols]
        at::Tensor grad;             // the members' gradients, gathered each step (not saved)
    };
    // Rows [begin, end) of a unit's stacked matrix that belong to parameter `param`.
    struct Slice {
        size_t param;
        int64_t begin, end;
    };
    std::vector<at::Tensor> params_;
    std::vector<std::vector<Slice>> units_;
    std::vector<ShapeGroup> groups_;
    MuonConfig cfg_;
    OrthogonalizeSchedule schedule_;
    double lr_;
    bool bf16_ns_;
};

} // namespace rs
