#pragma once

#include "core/model/attention.h"
#include "core/model/feed_forward.h"

namespace rs {

// Pre-norm transformer block: x + attn(norm(x)), then x + ffn(norm(x)).
class BlockImpl : public torch::nn::Module {
  public:
    explicit BlockImpl(const ModelConfig& cfg);
    at::Tensor forward(const at::Tensor& x, LayerQK* taps = nullptr);
    void setFused(bool on);

    RMSNorm attn_norm{nullptr}, ffn_norm{nullptr};
    Attention attn{nullptr};
    FeedForward ffn{nullptr};
};
TORCH_MODULE(Block);

} // namespace rs
