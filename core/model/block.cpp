#include "core/model/block.h"

#include <torch/torch.h>

namespace rs {

BlockImpl::BlockImpl(const ModelConfig& cfg) {
    attn_norm = register_module("attn_norm", RMSNorm(cfg.d_model, cfg.norm_eps));
    attn = register_module("attn", Attention(cfg));
    ffn_norm = register_module("ffn_norm", RMSNorm(cfg.d_model, cfg.norm_eps));
    ffn = register_module("ffn", FeedForward(cfg));
}

void BlockImpl::setFused(bool on) {
    attn_norm->setFused(on);
    attn->setFused(on);
    ffn_norm->setFused(on);
    ffn->setFused(on);
}

at::Tensor BlockImpl::forward(const at::Tensor& x, LayerQK* taps) {
    // Under autocast the branches return bf16 onto an fp32 residual stream: cast first, since
    // LibTorch's mixed-dtype add is ~4x slower than a cast and a same-dtype add (exact either way).
    auto h = x + attn(attn_norm(x), taps).to(x.scalar_type());
    return h + ffn(ffn_norm(h)).to(h.scalar_type());
}

} // namespace rs
