#pragma once

#include "core/config/model_config.h"
#include "core/model/qk_taps.h"
#include "core/model/rms_norm.h"
#include "core/model/rotary.h"

#include <torch/nn/modules/linear.h>

namespace rs {

// Causal grouped-query attention with optional QK-Norm (RMSNorm over each head's d_k with a
// learnable gamma, shared by the heads or one per head, applied to q and k before RoPE). Q, K, V
// and O are separate Linear layers so that the per-head slices W_q[h] = q_proj.weight[h*d:(h+1)*d]
// and W_k[g] likewise stay addressable.
class AttentionImpl : public torch::nn::Module {
  public:
    explicit AttentionImpl(const ModelConfig& cfg);
    // x: [B, T, d_model]. When `taps` is non-null, Q/K at the three taps are recorded into it.
    at::Tensor forward(const at::Tensor& x, LayerQK* taps = nullptr);

    at::Tensor wq(int64_t head) const; // [head_dim, d_model]
    at::Tensor wk(int64_t kv_head) const;
    // The QK-Norm gain seen by one head ([head_dim]); with a shared gain every head sees the
    // same vector. Only with QK-Norm.
    at::Tensor qGamma(int64_t head) const;
    at::Tensor kGamma(int64_t kv_head) const;

    // Surgery: a per-KV-head linear map P [n_kv_heads, d, d] applied to K after QK-Norm and
    // before RoPE (k <- k P): a diagonal 0/1 mask prunes coordinates, V_r V_r^T projects onto
    // the top singular directions. Undefined (the default) costs nothing.
    void setKeyTransform(at::Tensor p) { key_transform_ = std::move(p); }
    const at::Tensor& keyTransform() const { return key_transform_; }
    // Fused QK-Norm + RoPE and causal attention in training; taps and key transforms (probes
    // and surgery) take the plain path, which the fused one is tested against.
    void setFused(bool on);

    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};
    RMSNorm q_norm{nullptr}, k_norm{nullptr}; // gamma: [head_dim] shared or [heads, head_dim]
    Rotary rotary{nullptr};

  private:
    at::Tensor fusedForward(const at::Tensor& qkv, int64_t b, int64_t t);
    int64_t n_heads_, n_kv_heads_, head_dim_;
    double eps_;
    bool fused_ = false;
    at::Tensor key_transform_;
};
TORCH_MODULE(Attention);

} // namespace rs
