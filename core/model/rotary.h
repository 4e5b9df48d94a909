#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace rs {

// Rotary position embedding, half-split convention: the pair (x_i, x_{i+d/2}) rotates by
// angle t * base^(-2i/d).
class RotaryImpl : public torch::nn::Module {
  public:
    RotaryImpl(int64_t head_dim, int64_t max_seq_len, double base);
    // x: [B, T, heads, head_dim]
    at::Tensor forward(const at::Tensor& x);
    const at::Tensor& cos() const { return cos_; }
    const at::Tensor& sin() const { return sin_; }

  private:
    at::Tensor cos_, sin_; // [max_seq_len, head_dim / 2], not parameters
};
TORCH_MODULE(Rotary);

} // namespace rs
