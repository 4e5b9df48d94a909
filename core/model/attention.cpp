#include "core/model/attention.h"
#include "core/model/fused_ops.h"
#include "core/model/sdpa.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

namespace rs {

AttentionImpl::AttentionImpl(const ModelConfig& cfg)
    : n_heads_(cfg.n_heads), n_kv_heads_(cfg.n_kv_heads), head_dim_(cfg.headDim()),
      eps_(cfg.norm_eps) {
    auto linear = [](int64_t in, int64_t out) {
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
    };
    q_proj = register_module("q_proj", linear(cfg.d_model, cfg.d_model));
    k_proj = register_module("k_proj", linear(cfg.d_model, cfg.kvDim()));
    v_proj = register_module("v_proj", linear(cfg.d_model, cfg.kvDim()));
    o_proj = register_module("o_proj", linear(cfg.d_model, cfg.d_model));
    if (cfg.qk_norm) {
        // Shared: one gain [head_dim] broadcast over the heads; per head: [heads, head_dim].
        const bool shared = cfg.sharedGamma();
        q_norm = register_module("q_norm", RMSNorm(head_dim_, cfg.norm_eps, shared ? 0 : n_heads_));
        k_norm =
            register_module("k_norm", RMSNorm(head_dim_, cfg.norm_eps, shared ? 0 : n_kv_heads_));
        if (cfg.qk_norm_gain == QkNormGain::Frozen) { // stays at its initial 1
            q_norm->weight.set_requires_grad(false);
            k_norm->weight.set_requires_grad(false);
        }
    }
    rotary = register_module("rotary", Rotary(head_dim_, cfg.max_seq_len, cfg.rope_base));
}

at::Tensor AttentionImpl::wq(int64_t head) const {
    return q_proj->weight.slice(0, head * head_dim_, (head + 1) * head_dim_);
}

at::Tensor AttentionImpl::wk(int64_t kv_head) const {
    return k_proj->weight.slice(0, kv_head * head_dim_, (kv_head + 1) * head_dim_);
}

at::Tensor AttentionImpl::qGamma(int64_t head) const {
    const auto& w = q_norm->weight;
    return w.dim() == 1 ? w : w[head];
}

at::Tensor AttentionImpl::kGamma(int64_t kv_head) const {
    const auto& w = k_norm->weight;
    return w.dim() == 1 ? w : w[kv_head];
}

void AttentionImpl::setFused(bool on) {
    fused_ = on;
    if (q_norm) {
        q_norm->setFused(on);
        k_norm->setFused(on);
    }
}

at::Tensor AttentionImpl::fusedForward(const at::Tensor& qkv, int64_t b, int64_t t) {
    const at::Tensor none;
    auto [q, k, v] =
        fusedQkvHeads(qkv, q_norm ? q_norm->weight : none, k_norm ? k_norm->weight : none,
                      rotary->cos(), rotary->sin(), {n_heads_, n_kv_heads_, head_dim_, eps_});
    auto y = fusedCausalAttention(q, k, v);
    return o_proj(y.transpose(1, 2).reshape({b, t, n_heads_ * head_dim_}));
}

at::Tensor AttentionImpl::forward(const at::Tensor& x, LayerQK* taps) {
    const auto b = x.size(0);
    const auto t = x.size(1);
    // One GEMM for Q, K and V (the parameters stay separate: Muon orthogonalizes each).
    auto w = torch::cat({q_proj->weight, k_proj->weight, v_proj->weight}, 0);
    auto qkv = torch::nn::functional::linear(x, w);
    if (fused_ && !taps && !key_transform_.defined() && fusedSupports(qkv)) {
        return fusedForward(qkv, b, t);
    }
    const auto qd = n_heads_ * head_dim_;
    const auto kvd = n_kv_heads_ * head_dim_;
    auto q = qkv.slice(-1, 0, qd).view({b, t, n_heads_, head_dim_});
    auto k = qkv.slice(-1, qd, qd + kvd).view({b, t, n_kv_heads_, head_dim_});
    auto v = qkv.slice(-1, qd + kvd, qd + 2 * kvd).view({b, t, n_kv_heads_, head_dim_});
    if (taps) {
        taps->q_pre = q.detach();
        taps->k_pre = k.detach();
    }
    if (q_norm) {
        q = q_norm(q);
        k = k_norm(k);
    }
    if (taps) {
        taps->q_normed = q.detach();
        taps->k_normed = k.detach();
    }
    if (key_transform_.defined()) {
        // In fp32 with autocast off: heads whose P is the identity stay bit-identical.
        const bool cpu_ac = at::autocast::is_cpu_enabled();
        const bool gpu_ac = at::autocast::is_enabled();
        at::autocast::set_cpu_enabled(false);
        at::autocast::set_enabled(false);
        k = torch::einsum("btgd,gde->btge",
                          {k.to(torch::kFloat), key_transform_.to(k.device(), torch::kFloat)})
                .to(k.scalar_type());
        at::autocast::set_cpu_enabled(cpu_ac);
        at::autocast::set_enabled(gpu_ac);
    }
    q = rotary(q);
    k = rotary(k);
    if (taps) {
        taps->q_rope = q.detach();
        taps->k_rope = k.detach();
    }
    // [B, heads, T, d]; query head h reads KV head h / (n_heads / n_kv_heads).
    q = q.transpose(1, 2);
    k = k.transpose(1, 2);
    v = v.transpose(1, 2);
    if (n_kv_heads_ != n_heads_) {
        const auto rep = n_heads_ / n_kv_heads_;
        k = k.repeat_interleave(rep, 1);
        v = v.repeat_interleave(rep, 1);
    }
    // Under autocast q may be bf16 while the normed k is not; attention wants one dtype.
    auto dt = v.scalar_type();
    auto y = causalAttention(q.to(dt), k.to(dt), v);
    y = y.transpose(1, 2).contiguous().view({b, t, n_heads_ * head_dim_});
    return o_proj(y);
}

} // namespace rs
