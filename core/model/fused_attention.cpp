// Fused causal attention for short sequences: batched matrix products for q k^T, P v and their
// gradients, with scale, causal mask and softmax (and the softmax backward) in one pass per row.
// Grouped-query heads share their K and V without copies: the rep query heads of one KV group
// are one [rep * T, D] matrix against that group's [T, D].
#include "core/model/fused_dispatch.h"
#include "core/model/fused_ops.h"
#include "core/model/fused_rows.h"

#include <torch/torch.h>

#include <cmath>

namespace rs {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

// Row t of the scores: softmax of the first n = t + 1 entries times scale, the rest 0.
RS_VECTOR_CLONES void softmaxRow(float* s, int64_t n, int64_t len, float scale) {
    const float m = fused::laneMax(s, n, scale);
    for (int64_t j = 0; j < n; ++j) {
        s[j] = fused::expOf(s[j] * scale - m);
    }
    const float sum = fused::laneSum(n, [&](int64_t j) { return s[j]; });
    const float inv = 1.0f / sum;
    for (int64_t j = 0; j < n; ++j) {
        s[j] *= inv;
    }
    for (int64_t j = n; j < len; ++j) {
        s[j] = 0.0f;
    }
}

// dS = P * (dP - sum(P * dP)) * scale over the first n entries; dp is overwritten with it.
RS_VECTOR_CLONES void softmaxRowBackward(const float* p, float* dp, int64_t n, int64_t len,
                                         float scale) {
    const float dot = fused::laneSum(n, [&](int64_t j) { return p[j] * dp[j]; });
    for (int64_t j = 0; j < n; ++j) {
        dp[j] = p[j] * (dp[j] - dot) * scale;
    }
    for (int64_t j = n; j < len; ++j) {
        dp[j] = 0.0f;
    }
}

// Rows of [groups, rep * T, T] scores; row r is position r % T.
template <typename F> void forScoreRows(const at::Tensor& s, F&& f) {
    const int64_t t = s.size(2), rows = s.size(0) * s.size(1);
    fused::forChunks(rows, [&](int64_t, int64_t b, int64_t e) {
        fused::Scratch scratch(t, 2);
        for (int64_t r = b; r < e; ++r) {
            f(r, r % t + 1, scratch);
        }
    });
}

struct CausalAttentionFn : torch::autograd::Function<CausalAttentionFn> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& q, const at::Tensor& k,
                              const at::Tensor& v) {
        const int64_t b = q.size(0), h = q.size(1), t = q.size(2), d = q.size(3), g = k.size(1);
        const auto qg = q.contiguous().view({b * g, (h / g) * t, d});
        const auto kg = k.contiguous().view({b * g, t, d});
        const auto vg = v.contiguous().view({b * g, t, d});
        auto p = at::bmm(qg, kg.transpose(1, 2)).contiguous(); // scores, then P in place
        const float scale = float(1.0 / std::sqrt(double(d)));
        fused::dispatchStorage(p, "causal_attention", [&](auto tag) {
            using T = decltype(tag);
            T* pp = p.data_ptr<T>();
            forScoreRows(p, [&](int64_t r, int64_t n, fused::Scratch& s) {
                fused::load(pp + r * t, s.row(0), n);
                softmaxRow(s.row(0), n, t, scale);
                fused::store(s.row(0), pp + r * t, t);
            });
        });
        auto y = at::bmm(p, vg);
        ctx->save_for_backward({qg, kg, vg, p});
        ctx->saved_data["shape"] = std::vector<int64_t>{b, h, t, d, g};
        return y.view({b, h, t, d});
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto sv = ctx->get_saved_variables();
        const auto &qg = sv[0], &kg = sv[1], &vg = sv[2], &p = sv[3];
        const auto sh = ctx->saved_data["shape"].toIntVector();
        const int64_t b = sh[0], h = sh[1], t = sh[2], d = sh[3], g = sh[4];
        const auto dy = grads[0].to(qg.scalar_type()).contiguous().view({b * g, (h / g) * t, d});
        auto ds = at::bmm(dy, vg.transpose(1, 2)).contiguous(); // dP, then dS in place
        const float scale = float(1.0 / std::sqrt(double(d)));
        fused::dispatchStorage(ds, "causal_attention", [&](auto tag) {
            using T = decltype(tag);
            const T* pp = p.data_ptr<T>();
            T* dp = ds.data_ptr<T>();
            forScoreRows(ds, [&](int64_t r, int64_t n, fused::Scratch& s) {
                fused::load(pp + r * t, s.row(0), n);
                fused::load(dp + r * t, s.row(1), n);
                softmaxRowBackward(s.row(0), s.row(1), n, t, scale);
                fused::store(s.row(1), dp + r * t, t);
            });
        });
        auto gq = at::bmm(ds, kg).view({b, h, t, d});
        auto gk = at::bmm(ds.transpose(1, 2), qg).view({b, g, t, d});
        auto gv = at::bmm(p.transpose(1, 2), dy).view({b, g, t, d});
        return {gq, gk, gv};
    }
};

} // namespace

at::Tensor fusedCausalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) {
    TORCH_CHECK(q.dim() == 4 && k.dim() == 4 && v.sizes() == k.sizes(),
                "causal attention: q [B, H, T, D], k and v [B, G, T, D]");
    TORCH_CHECK(q.size(1) % k.size(1) == 0 && q.size(2) == k.size(2) && q.size(3) == k.size(3),
                "causal attention: H must be a multiple of G, T and D equal");
    TORCH_CHECK(q.scalar_type() == k.scalar_type() && k.scalar_type() == v.scalar_type(),
                "causal attention: q, k and v in one dtype");
    return CausalAttentionFn::apply(q, k, v);
}

} // namespace rs
