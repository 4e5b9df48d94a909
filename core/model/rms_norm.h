#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace rs {

// RMSNorm over the last dimension with a learnable gain. `groups` > 1 keeps one gain vector per
// group (per-head QK-Norm: weight [heads, head_dim] applied to x [..., heads, head_dim]).
class RMSNormImpl : public torch::nn::Module {
  public:
    RMSNormImpl(int64_t dim, double eps, int64_t groups = 0);
    at::Tensor forward(const at::Tensor& x);
    // Fused forward and backward (one pass each) where the tensor allows; plain otherwise.
    void setFused(bool on) { fused_ = on; }
    at::Tensor weight;

  private:
    double eps_;
    bool fused_ = false;
};
TORCH_MODULE(RMSNorm);

} // namespace rs
