#include "core/model/rotary.h"

#include <torch/torch.h>

namespace rs {

RotaryImpl::RotaryImpl(int64_t head_dim, int64_t max_seq_len, double base) {
    auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    auto inv = torch::pow(base, -torch::arange(0, head_dim, 2, opts) / double(head_dim));
    auto t = torch::arange(max_seq_len, opts);
    auto angles = torch::outer(t, inv);
    // Angles in double, stored in fp32 as buffers (saved with the model, never trained).
    cos_ = register_buffer("cos", angles.cos().to(torch::kFloat));
    sin_ = register_buffer("sin", angles.sin().to(torch::kFloat));
}

at::Tensor RotaryImpl::forward(const at::Tensor& x) {
    const auto t = x.size(1);
    TORCH_CHECK(t <= cos_.size(0), "sequence length ", t, " exceeds model.max_seq_len ",
                cos_.size(0));
    auto cos = cos_.slice(0, 0, t).unsqueeze(0).unsqueeze(2).to(x.scalar_type());
    auto sin = sin_.slice(0, 0, t).unsqueeze(0).unsqueeze(2).to(x.scalar_type());
    auto halves = x.chunk(2, -1);
    const auto& x1 = halves[0];
    const auto& x2 = halves[1];
    return torch::cat({x1 * cos + x2 * sin, x2 * cos - x1 * sin}, -1);
}

} // namespace rs
