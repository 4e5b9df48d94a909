#include "core/optim/orthogonalize.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace rs {

OrthogonalizeSchedule orthogonalizeSchedule(Orthogonalization name, int steps) {
    OrthogonalizeSchedule s;
    if (name == Orthogonalization::Quintic) {
        s.steps.assign(steps, NsCoefficients{3.4445, -4.7750, 2.0315});
        return s;
    }
    if (name == Orthogonalization::PolarExpress) {
        // The reference Muon's schedule (Amsel et al. 2025, as in modded-nanogpt) with its
        // normalisation X / (1.01 ||X||_F).
        static const std::vector<NsCoefficients> kPolarExpress = {
            {8.156554524902461, -22.48329292557795, 15.878769915207462},
            {4.042929935166739, -2.808917465908714, 0.5000178451051316},
            {3.8916678022926607, -2.772484153217685, 0.5060648178503393},
            {3.285753657755655, -2.3681294933425376, 0.46449024233003106},
            {2.3465413258596377, -1.7097828382687081, 0.42323551169305323},
        };
        if (steps < 1 || steps > int(kPolarExpress.size())) {
            throw ConfigError("train.muon.ns_steps", "the Polar-Express schedule has 1..5 steps");
        }
        s.steps.assign(kPolarExpress.begin(), kPolarExpress.begin() + steps);
        s.safety = 1.01;
        return s;
    }
    throw ConfigError("train.muon.coefficients",
                      std::string("no schedule for \"") + key(name) + "\"");
}

at::Tensor orthogonalize(const at::Tensor& g, const OrthogonalizeSchedule& schedule, bool bf16) {
    TORCH_CHECK(g.dim() == 2 || g.dim() == 3, "orthogonalize expects a matrix or a stack of them");
    const auto x0 = (g.dim() == 2 ? g.unsqueeze(0) : g).to(torch::kFloat);
    // The Frobenius norm does not depend on orientation: taken on the stored layout, and the
    // scaling and the cast to the iteration's dtype are one pass (no transposed copy).
    const auto norm = at::linalg_vector_norm(x0, 2.0, at::IntArrayRef{1, 2}, /*keepdim=*/true);
    auto x = at::empty_like(x0, x0.options().dtype(bf16 ? torch::kBFloat16 : torch::kFloat));
    at::mul_out(x, x0, (norm * schedule.safety + 1e-7).reciprocal());
    // The Gram matrix is the smaller one: X X^T for wide X, X^T X for tall X. For tall X the step
    // aX + X (b A + c A^2) is the wide step on X^T transposed back (A is symmetric), so no
    // transpose is ever materialised.
    const bool tall = x.size(1) > x.size(2);
    for (const auto& [a, b, c] : schedule.steps) {
        const auto xt = x.transpose(1, 2);
        auto gram = tall ? torch::bmm(xt, x) : torch::bmm(x, xt);
        auto poly = torch::baddbmm(gram, gram, gram, /*beta=*/b, /*alpha=*/c); // b A + c A^2
        x = tall ? torch::baddbmm(x, x, poly, /*beta=*/a, /*alpha=*/1.0)       // a X + X B
                 : torch::baddbmm(x, poly, x, /*beta=*/a, /*alpha=*/1.0);      // a X + B X
    }
    x = x.to(torch::kFloat).contiguous();
    return g.dim() == 2 ? x.squeeze(0) : x;
}

} // namespace rs
