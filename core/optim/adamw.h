#pragma once

#include "core/config/train_config.h"
#include "core/optim/param_optimizer.h"

#include <ATen/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace torch::optim {
class AdamW;
}

namespace rs {

// LibTorch's AdamW over its parameters; with decay_hidden_matrices false the hidden matrices
// (isHiddenMatrix) form a second group without weight decay.
class AdamW : public ParamOptimizer {
  public:
    // decay_gains false: the RMSNorm gains get no weight decay (train.decay_gains).
    AdamW(std::vector<std::string> names, std::vector<at::Tensor> params, const AdamWConfig& cfg,
          bool decay_gains = true);
    ~AdamW() override;
    void setLrMultiplier(double m) override;
    void step() override;
    void zeroGrad() override;
    void saveInto(torch::serialize::OutputArchive& archive) const override;
    void loadFrom(torch::serialize::InputArchive& archive) override;

  private:
    std::vector<at::Tensor> params_;
    AdamWConfig cfg_;
    std::unique_ptr<torch::optim::AdamW> adamw_;
};

} // namespace rs
