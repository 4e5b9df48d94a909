#pragma once

#include <ATen/Tensor.h>

namespace rs {

// Causal scaled dot-product attention over [B, H, T, d] tensors. LibTorch 1.13 has no public
// C++ entry point (only at::_scaled_dot_product_attention); 2.x has
// at::scaled_dot_product_attention. This is the one place that knows the difference.
at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v);
// The same computation written out (softmax(QK^T/sqrt(d) + mask) V): the test reference.
at::Tensor causalAttentionReference(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v);

} // namespace rs
