#pragma once

#include "config/train_config.h"
#include "optim/orthogonalize.h"

#include <ATen/Tensor.h>

#include <vector>

namespace torch::serialize {
class InputArchive;
class OutputArchive;
} // namespace torch::serialize

namespace rs {

// Muon for 2-D weight matrices: momentum (Nesterov by default) on the gradient, then the update
// is replaced by its approximate polar factor and scaled by sqrt(max(1, rows/cols)).
class Muon {
  public:
    // `bf16_ns`: orthogonalize in bf16 (resolved from cfg.ns_precision by the caller).
    Muon(std::vector<at::Tensor> params, const MuonConfig& cfg, bool bf16_ns = false);
    void step();
    void zeroGrad();
    void setLr(double lr) { lr_ = lr; }
    double lr() const { return lr_; }
    const std::vector<at::Tensor>& params() const { return params_; }

    void save(torch::serialize::OutputArchive& archive) const;
    void load(torch::serialize::InputArchive& archive);

  private:
    // Parameters of one shape are stepped together as a stack.
    struct ShapeGroup {
        std::vector<size_t> members;
        at::Tensor momentum; // [members, rows, cols]
    };
    std::vector<at::Tensor> params_;
    std::vector<ShapeGroup> groups_;
    MuonConfig cfg_;
    OrthogonalizeSchedule schedule_;
    double lr_;
    bool bf16_ns_;
};

} // namespace rs
