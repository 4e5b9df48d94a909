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
    Muon(std::vector<at::Tensor> params, const MuonConfig& cfg);
    void step();
    void zeroGrad();
    void setLr(double lr) { lr_ = lr; }
    double lr() const { return lr_; }
    const std::vector<at::Tensor>& params() const { return params_; }

    void save(torch::serialize::OutputArchive& archive) const;
    void load(torch::serialize::InputArchive& archive);

  private:
    std::vector<at::Tensor> params_;
    std::vector<at::Tensor> momentum_;
    MuonConfig cfg_;
    OrthogonalizeSchedule schedule_;
    double lr_;
};

} // namespace rs
