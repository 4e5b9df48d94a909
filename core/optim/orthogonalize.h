#pragma once

#include "core/config/choices.h"

#include <ATen/Tensor.h>

#include <array>
#include <string>
#include <vector>

namespace rs {

using NsCoefficients = std::array<double, 3>; // X <- a X + b (X X^T) X + c (X X^T)^2 X

struct OrthogonalizeSchedule {
    std::vector<NsCoefficients> steps;
    double safety = 1.0; // Frobenius normalisation divides by norm * safety
};

// Quintic: Keller Jordan's Newton-Schulz coefficients repeated `steps` times.
// PolarExpress: the reference Muon's Polar-Express per-step schedule (Amsel et al. 2025),
// normalised by 1.01 ||G||_F.
OrthogonalizeSchedule orthogonalizeSchedule(Orthogonalization name, int steps);

// Approximates the polar factor U V^T of G by the odd polynomial iteration, in fp32. G is one
// matrix [r, c] or a stack [n, r, c] orthogonalized independently (one batched product per
// step instead of n small ones). The Gram matrix is the smaller of X X^T and X^T X.
// `bf16`: iterate in bfloat16 (the reference Muon's choice), else fp32. Returns fp32.
at::Tensor orthogonalize(const at::Tensor& g, const OrthogonalizeSchedule& schedule,
                         bool bf16 = false);

} // namespace rs
