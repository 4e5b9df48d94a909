// Fused squared ReLU and cross-entropy from logits.
#include "core/model/fused_dispatch.h"
#include "core/model/fused_ops.h"
#include "core/model/fused_rows.h"

#include <torch/torch.h>

#include <cmath>

namespace rs {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

constexpr int64_t kBlock = 4096; // elements per scratch block of the pointwise kernels

RS_VECTOR_CLONES void squaredReluBlock(float* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        const float r = std::max(x[i], 0.0f);
        x[i] = r * r;
    }
}

// g <- g * 2 relu(x)
RS_VECTOR_CLONES void squaredReluBackwardBlock(const float* x, float* g, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        g[i] *= 2.0f * std::max(x[i], 0.0f);
    }
}

// Blocks of a flat tensor in parallel.
template <typename F> void forBlocks(int64_t n, F&& f) {
    const int64_t blocks = (n + kBlock - 1) / kBlock;
    fused::forChunks(blocks, [&](int64_t, int64_t b, int64_t e) {
        fused::Scratch s(kBlock, 2);
        for (int64_t i = b; i < e; ++i) {
            const int64_t at = i * kBlock;
            f(at, std::min(kBlock, n - at), s);
        }
    });
}

struct SquaredReluFn : torch::autograd::Function<SquaredReluFn> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x) {
        auto xc = x.contiguous();
        auto y = at::empty_like(xc);
        fused::dispatchStorage(xc, "squared_relu", [&](auto tag) {
            using T = decltype(tag);
            const T* xp = xc.data_ptr<T>();
            T* yp = y.data_ptr<T>();
            forBlocks(xc.numel(), [&](int64_t at, int64_t n, fused::Scratch& s) {
                fused::load(xp + at, s.row(0), n);
                squaredReluBlock(s.row(0), n);
                fused::store(s.row(0), yp + at, n);
            });
        });
        ctx->save_for_backward({xc});
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto xc = ctx->get_saved_variables()[0];
        auto g = grads[0].to(xc.scalar_type()).contiguous();
        auto gx = at::empty_like(xc);
        fused::dispatchStorage(xc, "squared_relu", [&](auto tag) {
            using T = decltype(tag);
            const T* xp = xc.data_ptr<T>();
            const T* gp = g.data_ptr<T>();
            T* gxp = gx.data_ptr<T>();
            forBlocks(xc.numel(), [&](int64_t at, int64_t n, fused::Scratch& s) {
                fused::load(xp + at, s.row(0), n);
                fused::load(gp + at, s.row(1), n);
                squaredReluBackwardBlock(s.row(0), s.row(1), n);
                fused::store(s.row(1), gxp + at, n);
            });
        });
        return {gx};
    }
};

// log-sum-exp of a row; with `grad`, x becomes (softmax(x) - onehot(target)) * inv_n.
RS_VECTOR_CLONES float crossEntropyRow(float* x, int64_t v, int64_t target, bool grad,
                                       float inv_n) {
    const float m = fused::laneMax(x, v, 1.0f);
    const float picked = x[target];
    for (int64_t j = 0; j < v; ++j) {
        x[j] = fused::expOf(x[j] - m);
    }
    const float sum = fused::laneSum(v, [&](int64_t j) { return x[j]; });
    if (grad) {
        const float scale = inv_n / sum;
        for (int64_t j = 0; j < v; ++j) {
            x[j] *= scale;
        }
        x[target] -= inv_n;
    }
    return m + std::log(sum) - picked;
}

struct CrossEntropyFn : torch::autograd::Function<CrossEntropyFn> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& logits,
                              const at::Tensor& targets, bool grad) {
        auto x = logits.contiguous();
        const auto tg = targets.to(at::kLong).contiguous();
        const int64_t n = x.size(0), v = x.size(1);
        const int64_t* tp = tg.data_ptr<int64_t>();
        for (int64_t r = 0; r < n; ++r) {
            TORCH_CHECK(tp[r] >= 0 && tp[r] < v, "cross-entropy: target ", tp[r],
                        " outside the vocabulary of ", v);
        }
        auto gx = grad ? at::empty_like(x) : at::Tensor();
        std::vector<double> partial(size_t(fused::chunkCount(n)), 0.0);
        fused::dispatchStorage(x, "cross_entropy", [&](auto tag) {
            using T = decltype(tag);
            const T* xp = x.data_ptr<T>();
            T* gp = grad ? gx.data_ptr<T>() : nullptr;
            fused::forChunks(n, [&](int64_t c, int64_t b, int64_t e) {
                fused::Scratch s(v);
                for (int64_t r = b; r < e; ++r) {
                    fused::load(xp + r * v, s.row(0), v);
                    partial[size_t(c)] +=
                        crossEntropyRow(s.row(0), v, tp[r], grad, 1.0f / float(n));
                    if (grad) {
                        fused::store(s.row(0), gp + r * v, v);
                    }
                }
            });
        });
        double total = 0.0;
        for (const double p : partial) {
            total += p;
        }
        if (grad) {
            ctx->save_for_backward({gx});
        }
        return at::scalar_tensor(total / double(n), x.options().dtype(at::kFloat));
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto gx = ctx->get_saved_variables()[0];
        const auto go = grads[0];
        return {go.item<float>() == 1.0f ? gx : gx * go.to(gx.scalar_type()), at::Tensor(),
                at::Tensor()};
    }
};

} // namespace

bool fusedSupports(const at::Tensor& x) {
    return x.device().is_cpu() &&
           (x.scalar_type() == at::kFloat || x.scalar_type() == at::kBFloat16);
}

at::Tensor fusedSquaredRelu(const at::Tensor& x) {
    return SquaredReluFn::apply(x);
}

at::Tensor fusedCrossEntropy(const at::Tensor& logits, const at::Tensor& targets) {
    TORCH_CHECK(logits.dim() == 2 && targets.dim() == 1 && targets.size(0) == logits.size(0),
                "cross-entropy: logits [N, V] and targets [N]");
    const bool grad = at::GradMode::is_enabled() && logits.requires_grad();
    return CrossEntropyFn::apply(logits, targets, grad);
}

} // namespace rs
