#include "core/model/rms_norm.h"
#include "core/model/fused_ops.h"

#include <torch/torch.h>

namespace rs {

RMSNormImpl::RMSNormImpl(int64_t dim, double eps, int64_t groups) : eps_(eps) {
    auto shape = groups > 0 ? std::vector<int64_t>{groups, dim} : std::vector<int64_t>{dim};
    weight = register_parameter("weight", torch::ones(shape));
}

at::Tensor RMSNormImpl::forward(const at::Tensor& x) {
    if (fused_ && weight.dim() == 1 && fusedSupports(x)) {
        return fusedRmsNorm(x, weight, eps_);
    }
    // Normalise in fp32 even under bf16 autocast: the gain (gamma) must see exact values.
    auto xf = x.to(torch::kFloat);
    auto y = xf * torch::rsqrt(xf.pow(2).mean(-1, true) + eps_);
    return (y * weight).to(x.scalar_type());
}

} // namespace rs
