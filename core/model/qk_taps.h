#pragma once

#include <ATen/Tensor.h>

#include <vector>

namespace rs {

// Q and K of one attention layer at the three taps, each [B, T, heads, head_dim] (K per KV
// head). Without QK-Norm `*_normed` equals `*_pre`. Detached: probing never builds graphs.
struct LayerQK {
    at::Tensor q_pre, q_normed, q_rope;
    at::Tensor k_pre, k_normed, k_rope;
};

// Filled by Transformer::forward when a pointer is passed; nullptr (training) costs nothing.
struct QKTaps {
    std::vector<LayerQK> layers;
};

} // namespace rs
