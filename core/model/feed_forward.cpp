#include "core/model/feed_forward.h"
#include "core/model/fused_ops.h"

#include <torch/torch.h>

namespace rs {

FeedForwardImpl::FeedForwardImpl(const ModelConfig& cfg)
    : swiglu_(cfg.ffn_type == FfnType::SwiGlu) {
    auto linear = [](int64_t in, int64_t out) {
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
    };
    up = register_module("up", linear(cfg.d_model, cfg.ffn_dim));
    if (swiglu_) {
        gate = register_module("gate", linear(cfg.d_model, cfg.ffn_dim));
    }
    down = register_module("down", linear(cfg.ffn_dim, cfg.d_model));
}

at::Tensor FeedForwardImpl::forward(const at::Tensor& x) {
    if (swiglu_) {
        return down(torch::silu(gate(x)) * up(x));
    }
    auto u = up(x);
    if (fused_ && fusedSupports(u)) {
        return down(fusedSquaredRelu(u));
    }
    return down(torch::relu(u).square());
}

} // namespace rs
