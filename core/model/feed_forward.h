#pragma once

#include "core/config/model_config.h"

#include <torch/nn/modules/linear.h>

namespace rs {

// Squared-ReLU MLP (reference) or SwiGLU (option).
class FeedForwardImpl : public torch::nn::Module {
  public:
    explicit FeedForwardImpl(const ModelConfig& cfg);
    at::Tensor forward(const at::Tensor& x);
    void setFused(bool on) { fused_ = on; }

    torch::nn::Linear up{nullptr}, gate{nullptr}, down{nullptr};

  private:
    bool swiglu_;
    bool fused_ = false;
};
TORCH_MODULE(FeedForward);

} // namespace rs
