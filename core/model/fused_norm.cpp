// Fused RMSNorm, and the fused split of the Q/K/V projection into heads with QK-Norm and RoPE.
#include "core/model/fused_dispatch.h"
#include "core/model/fused_ops.h"
#include "core/model/fused_rows.h"

#include <torch/torch.h>

#include <cmath>

namespace rs {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

// y = x * rstd * w (w null: no gain); returns rstd.
RS_VECTOR_CLONES float normRow(const float* x, const float* w, float* y, int64_t d, float eps) {
    const float ss = fused::laneSum(d, [&](int64_t i) { return x[i] * x[i]; });
    const float rstd = 1.0f / std::sqrt(ss / float(d) + eps);
    for (int64_t i = 0; i < d; ++i) {
        y[i] = x[i] * rstd * (w ? w[i] : 1.0f);
    }
    return rstd;
}

// From dy (the gradient of y = x * rstd * w): gx, and gw += dy * xhat.
RS_VECTOR_CLONES void normRowBackward(const float* x, const float* dy, const float* w, float rstd,
                                      float* gx, float* gw, int64_t d) {
    const float dot = fused::laneSum(d, [&](int64_t i) { return dy[i] * w[i] * x[i]; });
    const float c = dot * rstd * rstd / float(d);
    for (int64_t i = 0; i < d; ++i) {
        gw[i] += dy[i] * x[i] * rstd;
        gx[i] = rstd * (dy[i] * w[i] - x[i] * c);
    }
}

// Half-split rotation of one head's row in place; inverse = rotation by -angle.
RS_VECTOR_CLONES void ropeRow(float* x, const float* cos, const float* sin, int64_t half,
                              float sign) {
    for (int64_t i = 0; i < half; ++i) {
        const float a = x[i], b = x[i + half], s = sign * sin[i];
        x[i] = a * cos[i] + b * s;
        x[i + half] = b * cos[i] - a * s;
    }
}

// An empty gain (no QK-Norm) stays undefined.
at::Tensor floatGain(const at::Tensor& w) {
    return w.defined() && w.numel() > 0 ? w.detach().to(at::kFloat).contiguous() : at::Tensor();
}

struct RmsNormFn : torch::autograd::Function<RmsNormFn> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& w,
                              double eps) {
        auto xc = x.contiguous();
        const auto wf = floatGain(w);
        const int64_t d = x.size(-1), n = xc.numel() / d;
        auto y = at::empty_like(xc);
        auto rstd = at::empty({n}, xc.options().dtype(at::kFloat));
        fused::dispatchStorage(xc, "rms_norm", [&](auto tag) {
            using T = decltype(tag);
            const T* xp = xc.data_ptr<T>();
            T* yp = y.data_ptr<T>();
            float* rp = rstd.data_ptr<float>();
            fused::forChunks(n, [&](int64_t, int64_t b, int64_t e) {
                fused::Scratch s(d);
                for (int64_t r = b; r < e; ++r) {
                    fused::load(xp + r * d, s.row(0), d);
                    rp[r] = normRow(s.row(0), wf.data_ptr<float>(), s.row(0), d, float(eps));
                    fused::store(s.row(0), yp + r * d, d);
                }
            });
        });
        ctx->save_for_backward({xc, w, rstd});
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto &xc = saved[0], &w = saved[1], &rstd = saved[2];
        auto g = grads[0].to(xc.scalar_type()).contiguous();
        const int64_t d = xc.size(-1), n = xc.numel() / d;
        const auto wf = floatGain(w);
        auto gx = at::empty_like(xc);
        const int64_t chunks = fused::chunkCount(n);
        std::vector<float> gw(size_t(chunks * d), 0.0f);
        fused::dispatchStorage(xc, "rms_norm", [&](auto tag) {
            using T = decltype(tag);
            const T* xp = xc.data_ptr<T>();
            const T* gp = g.data_ptr<T>();
            T* gxp = gx.data_ptr<T>();
            fused::forChunks(n, [&](int64_t c, int64_t b, int64_t e) {
                fused::Scratch s(d, 3);
                for (int64_t r = b; r < e; ++r) {
                    fused::load(xp + r * d, s.row(0), d);
                    fused::load(gp + r * d, s.row(1), d);
                    normRowBackward(s.row(0), s.row(1), wf.data_ptr<float>(),
                                    rstd.data_ptr<float>()[r], s.row(2), gw.data() + c * d, d);
                    fused::store(s.row(2), gxp + r * d, d);
                }
            });
        });
        auto gwt = at::zeros({d}, xc.options().dtype(at::kFloat));
        for (int64_t c = 0; c < chunks; ++c) {
            for (int64_t i = 0; i < d; ++i) {
                gwt.data_ptr<float>()[i] += gw[size_t(c * d + i)];
            }
        }
        return {gx, gwt.to(w.scalar_type()), at::Tensor()};
    }
};

// The head rows of one token: H query heads, then G key heads, then G value heads, each D long
// in qkv's last dimension; the gain of a query/key head row is its own or the shared one.
struct HeadLayout {
    int64_t b = 0, t = 0, h = 0, g = 0, d = 0;
    const float* q_gain = nullptr; // [D] or [H, D], null: no QK-Norm
    const float* k_gain = nullptr;
    bool q_per_head = false, k_per_head = false;
    int64_t width() const { return (h + 2 * g) * d; }
    const float* gain(int64_t slot) const {
        if (slot < h) {
            return q_gain ? q_gain + (q_per_head ? slot * d : 0) : nullptr;
        }
        return k_gain ? k_gain + (k_per_head ? (slot - h) * d : 0) : nullptr;
    }
    // Offset of slot's row for token (bi, ti) in q [B,H,T,D], k or v [B,G,T,D].
    int64_t outOffset(int64_t slot, int64_t bi, int64_t ti) const {
        const int64_t heads = slot < h ? h : g;
        const int64_t head = slot < h ? slot : (slot - h) % g;
        return ((bi * heads + head) * t + ti) * d;
    }
    // Where a gain's gradient accumulates: q gains first, then k gains.
    int64_t gainOffset(int64_t slot) const {
        if (slot < h) {
            return q_per_head ? slot * d : 0;
        }
        return (q_per_head ? h * d : d) + (k_per_head ? (slot - h) * d : 0);
    }
    int64_t gainFloats() const { return (q_per_head ? h * d : d) + (k_per_head ? g * d : d); }
};

HeadLayout layoutOf(const at::Tensor& qkv, const QkvHeads& s, const at::Tensor& qg,
                    const at::Tensor& kg) {
    HeadLayout l{qkv.size(0), qkv.size(1), s.n_heads, s.n_kv_heads, s.head_dim};
    TORCH_CHECK(qkv.size(2) == l.width(), "qkv heads: width ", qkv.size(2), " is not (", s.n_heads,
                " + 2 * ", s.n_kv_heads, ") * ", s.head_dim);
    l.q_gain = qg.defined() ? qg.data_ptr<float>() : nullptr;
    l.k_gain = kg.defined() ? kg.data_ptr<float>() : nullptr;
    l.q_per_head = qg.defined() && qg.dim() == 2;
    l.k_per_head = kg.defined() && kg.dim() == 2;
    return l;
}

struct QkvHeadsFn : torch::autograd::Function<QkvHeadsFn> {
    static tensor_list forward(AutogradContext* ctx, const at::Tensor& qkv, const at::Tensor& qg,
                               const at::Tensor& kg, const at::Tensor& cos, const at::Tensor& sin,
                               int64_t n_heads, int64_t n_kv_heads, int64_t head_dim, double eps) {
        auto x = qkv.contiguous();
        const auto qgf = floatGain(qg), kgf = floatGain(kg);
        const auto l = layoutOf(x, {n_heads, n_kv_heads, head_dim, eps}, qgf, kgf);
        const auto cf = cos.to(at::kFloat).contiguous(), sf = sin.to(at::kFloat).contiguous();
        const int64_t slots = l.h + 2 * l.g, half = l.d / 2, n = l.b * l.t;
        auto q = at::empty({l.b, l.h, l.t, l.d}, x.options());
        auto k = at::empty({l.b, l.g, l.t, l.d}, x.options());
        auto v = at::empty({l.b, l.g, l.t, l.d}, x.options());
        auto rstd = at::empty({n, l.h + l.g}, x.options().dtype(at::kFloat));
        fused::dispatchStorage(x, "qkv_heads", [&](auto tag) {
            using T = decltype(tag);
            const T* xp = x.data_ptr<T>();
            T* outs[3] = {q.data_ptr<T>(), k.data_ptr<T>(), v.data_ptr<T>()};
            fused::forChunks(n, [&](int64_t, int64_t b, int64_t e) {
                fused::Scratch s(l.d);
                for (int64_t r = b; r < e; ++r) {
                    const int64_t bi = r / l.t, ti = r % l.t;
                    for (int64_t slot = 0; slot < slots; ++slot) {
                        fused::load(xp + r * l.width() + slot * l.d, s.row(0), l.d);
                        const int part = slot < l.h ? 0 : slot < l.h + l.g ? 1 : 2;
                        if (part < 2) {
                            const float* w = l.gain(slot);
                            if (qgf.defined()) {
                                rstd.data_ptr<float>()[r * (l.h + l.g) + slot] =
                                    normRow(s.row(0), w, s.row(0), l.d, float(eps));
                            }
                            ropeRow(s.row(0), cf.data_ptr<float>() + ti * half,
                                    sf.data_ptr<float>() + ti * half, half, 1.0f);
                        }
                        fused::store(s.row(0), outs[part] + l.outOffset(slot, bi, ti), l.d);
                    }
                }
            });
        });
        ctx->save_for_backward({x, qg, kg, cf, sf, rstd});
        ctx->saved_data["shape"] = std::vector<int64_t>{n_heads, n_kv_heads, head_dim};
        return {q, k, v};
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads);
};

tensor_list QkvHeadsFn::backward(AutogradContext* ctx, tensor_list grads) {
    const auto sv = ctx->get_saved_variables();
    const auto &x = sv[0], &qg = sv[1], &kg = sv[2], &cf = sv[3], &sf = sv[4], &rstd = sv[5];
    const auto shape = ctx->saved_data["shape"].toIntVector();
    const auto qgf = floatGain(qg), kgf = floatGain(kg);
    const auto l = layoutOf(x, {shape[0], shape[1], shape[2]}, qgf, kgf);
    const int64_t slots = l.h + 2 * l.g, half = l.d / 2, n = l.b * l.t;
    at::Tensor g[3];
    for (int i = 0; i < 3; ++i) {
        const int64_t heads = i == 0 ? l.h : l.g;
        g[i] = grads[size_t(i)].defined() ? grads[size_t(i)].to(x.scalar_type()).contiguous()
                                          : x.new_zeros({l.b, heads, l.t, l.d});
    }
    auto gx = at::empty_like(x);
    const int64_t chunks = fused::chunkCount(n);
    const bool norm = qgf.defined();
    std::vector<float> gw(size_t(chunks * (norm ? l.gainFloats() : 0)), 0.0f);
    fused::dispatchStorage(x, "qkv_heads", [&](auto tag) {
        using T = decltype(tag);
        const T* xp = x.data_ptr<T>();
        const T* gp[3] = {g[0].data_ptr<T>(), g[1].data_ptr<T>(), g[2].data_ptr<T>()};
        T* gxp = gx.data_ptr<T>();
        fused::forChunks(n, [&](int64_t c, int64_t b, int64_t e) {
            fused::Scratch s(l.d, 3);
            float* gwc = norm ? gw.data() + c * l.gainFloats() : nullptr;
            for (int64_t r = b; r < e; ++r) {
                const int64_t bi = r / l.t, ti = r % l.t;
                for (int64_t slot = 0; slot < slots; ++slot) {
                    const int part = slot < l.h ? 0 : slot < l.h + l.g ? 1 : 2;
                    fused::load(gp[part] + l.outOffset(slot, bi, ti), s.row(1), l.d);
                    float* out = s.row(1);
                    if (part < 2) {
                        ropeRow(s.row(1), cf.data_ptr<float>() + ti * half,
                                sf.data_ptr<float>() + ti * half, half, -1.0f);
                        if (norm) {
                            fused::load(xp + r * l.width() + slot * l.d, s.row(0), l.d);
                            normRowBackward(s.row(0), s.row(1), l.gain(slot),
                                            rstd.data_ptr<float>()[r * (l.h + l.g) + slot],
                                            s.row(2), gwc + l.gainOffset(slot), l.d);
                            out = s.row(2);
                        }
                    }
                    fused::store(out, gxp + r * l.width() + slot * l.d, l.d);
                }
            }
        });
    });
    at::Tensor gq, gk;
    if (norm) {
        auto total = at::zeros({l.gainFloats()}, x.options().dtype(at::kFloat));
        for (int64_t c = 0; c < chunks; ++c) {
            total += at::from_blob(gw.data() + c * l.gainFloats(), {l.gainFloats()});
        }
        const int64_t qn = l.q_per_head ? l.h * l.d : l.d;
        gq = total.slice(0, 0, qn).view(qg.sizes()).to(qg.scalar_type());
        gk = total.slice(0, qn).view(kg.sizes()).to(kg.scalar_type());
    }
    return {gx,           gq,           gk,           at::Tensor(), at::Tensor(),
            at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
}

} // namespace

at::Tensor fusedRmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
    TORCH_CHECK(weight.dim() == 1 && weight.size(0) == x.size(-1), "rms_norm: the gain must be [",
                x.size(-1), "]");
    return RmsNormFn::apply(x, weight, eps);
}

std::tuple<at::Tensor, at::Tensor, at::Tensor>
fusedQkvHeads(const at::Tensor& qkv, const at::Tensor& q_gain, const at::Tensor& k_gain,
              const at::Tensor& cos, const at::Tensor& sin, const QkvHeads& s) {
    TORCH_CHECK(q_gain.defined() == k_gain.defined(), "qkv heads: both gains or neither");
    TORCH_CHECK(s.head_dim % 2 == 0 && s.n_heads % s.n_kv_heads == 0, "qkv heads: bad shape");
    TORCH_CHECK(cos.size(0) >= qkv.size(1), "sequence length ", qkv.size(1),
                " exceeds model.max_seq_len ", cos.size(0));
    // Custom functions take no undefined tensors: "no QK-Norm" travels as empty gains.
    const auto none = qkv.new_empty({0}, qkv.options().dtype(at::kFloat));
    auto out =
        QkvHeadsFn::apply(qkv, q_gain.defined() ? q_gain : none, k_gain.defined() ? k_gain : none,
                          cos, sin, s.n_heads, s.n_kv_heads, s.head_dim, s.eps);
    return {out[0], out[1], out[2]};
}

} // namespace rs
