#pragma once

#include <ATen/Tensor.h>

#include <tuple>

namespace rs {

// Fused CPU operations with their own backward (train.fused_ops). Each replaces a LibTorch
// composition of several passes over memory by one pass forward and one backward, computing
// in fp32 whatever the storage type (fp32 or bf16), and returns what the composition returns
// (tests/core/test_fused_ops.cpp holds them to it). Rows run in parallel (at::parallel_for).

// The fused operations serve CPU tensors in fp32 or bf16; anything else takes the plain path.
bool fusedSupports(const at::Tensor& x);

// x * rsqrt(mean(x^2) + eps) * weight over the last dimension; weight [D]; x's dtype out.
at::Tensor fusedRmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);

// From the fused projection qkv [B, T, (H + 2G) * D]: q [B, H, T, D], k [B, G, T, D] normalised
// (RMSNorm with gains q_gain / k_gain: [D] shared or [heads, D]; undefined: no QK-Norm) and
// rotated (cos/sin [>= T, D / 2], fp32), v [B, G, T, D] as it is; all contiguous, qkv's dtype.
struct QkvHeads {
    int64_t n_heads = 0, n_kv_heads = 0, head_dim = 0;
    double eps = 1e-6;
};
std::tuple<at::Tensor, at::Tensor, at::Tensor>
fusedQkvHeads(const at::Tensor& qkv, const at::Tensor& q_gain, const at::Tensor& k_gain,
              const at::Tensor& cos, const at::Tensor& sin, const QkvHeads& shape);

// Causal softmax(q k^T / sqrt(D)) v for q [B, H, T, D] and k, v [B, G, T, D] (query head h reads
// KV head h / (H / G)), without repeating K and V and without a mask tensor. The products run
// as batched matrix products; scale, mask and softmax (and their backward) are one pass.
at::Tensor fusedCausalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v);

// relu(x)^2 in one pass; its gradient 2 relu(x) in one pass.
at::Tensor fusedSquaredRelu(const at::Tensor& x);

// Mean cross-entropy of logits [N, V] (fp32 or bf16) against targets [N]: log-softmax, loss and
// (when a gradient is wanted) the gradient (softmax - onehot) / N in one pass per row, in the
// logits' dtype; the backward scales that one stored tensor. The model's loss with fused
// operations, so bf16 logits are never copied to fp32.
at::Tensor fusedCrossEntropy(const at::Tensor& logits, const at::Tensor& targets);

} // namespace rs
