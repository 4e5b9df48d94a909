#pragma once

// The fused kernels' shared plumbing: a dispatch on the two storage types they serve, row
// chunks for parallel loops with per-chunk partial sums, and per-thread fp32 scratch.

#include <ATen/Parallel.h>
#include <ATen/Tensor.h>
#include <c10/util/BFloat16.h>
#include <c10/util/Exception.h>

#include <algorithm>
#include <vector>

namespace rs::fused {

template <typename F> void dispatchStorage(const at::Tensor& t, const char* op, F&& f) {
    if (t.scalar_type() == at::kFloat) {
        f(float{});
    } else if (t.scalar_type() == at::kBFloat16) {
        f(c10::BFloat16{});
    } else {
        TORCH_CHECK(false, op, ": fused operations take fp32 or bf16, not ", t.scalar_type());
    }
}

// `rows` split into a fixed number of chunks (not one per thread); f(chunk, begin, end) runs for
// each chunk in parallel. A reduction keeps one partial per chunk and sums them in chunk order,
// so results do not depend on the thread count.
constexpr int64_t kChunks = 16;

inline int64_t chunkCount(int64_t rows) {
    return std::max<int64_t>(1, std::min<int64_t>(kChunks, rows));
}

template <typename F> void forChunks(int64_t rows, F&& f) {
    const int64_t chunks = chunkCount(rows);
    at::parallel_for(0, chunks, 1, [&](int64_t cb, int64_t ce) {
        for (int64_t c = cb; c < ce; ++c) {
            f(c, rows * c / chunks, rows * (c + 1) / chunks);
        }
    });
}

// Scratch rows of fp32 for one chunk.
struct Scratch {
    explicit Scratch(int64_t n, int rows = 1) : data(size_t(n) * size_t(rows)), n_(n) {}
    float* row(int i) { return data.data() + int64_t(i) * n_; }
    std::vector<float> data;

  private:
    int64_t n_;
};

} // namespace rs::fused
