#pragma once

// Row helpers shared by the fused kernels: rows stored as fp32 or bf16 are read into fp32
// scratch and written back, so every kernel computes in fp32 with one loop body. The loops are
// plain so that the compiler vectorises them; the kernels that call them are built for AVX-512,
// AVX2 and baseline x86-64 and the loader picks one (RS_VECTOR_CLONES).

#include <c10/util/BFloat16.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                             \
    !defined(__SANITIZE_ADDRESS__)
#define RS_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RS_VECTOR_CLONES
#endif

namespace rs::fused {

inline void load(const float* src, float* dst, int64_t n) {
    std::memcpy(dst, src, size_t(n) * sizeof(float));
}

inline void store(const float* src, float* dst, int64_t n) {
    std::memcpy(dst, src, size_t(n) * sizeof(float));
}

// bf16 rows to and from fp32 (round to nearest even, as c10::BFloat16's constructor does; NaN
// stays NaN). Out of line in fused_rows.cpp, built per instruction set like the kernels, so the
// conversions vectorise wherever they are called from.
void load(const c10::BFloat16* src, float* dst, int64_t n);
void store(const float* src, c10::BFloat16* dst, int64_t n);

// Sums and maxima over a row in 16 lanes: without -ffast-math the compiler may not reorder a
// single running sum, so a plain reduction loop stays scalar; lanes make the order explicit.
constexpr int kLanes = 16;

template <typename F> inline float laneSum(int64_t n, F&& f) {
    float acc[kLanes] = {};
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
            acc[l] += f(i + l);
        }
    }
    float s = 0.0f;
    for (int l = 0; l < kLanes; ++l) {
        s += acc[l];
    }
    for (; i < n; ++i) {
        s += f(i);
    }
    return s;
}

inline float laneMax(const float* x, int64_t n, float scale) {
    float acc[kLanes];
    for (int l = 0; l < kLanes; ++l) {
        acc[l] = x[0] * scale;
    }
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (int l = 0; l < kLanes; ++l) {
            acc[l] = std::max(acc[l], x[i + l] * scale);
        }
    }
    float m = acc[0];
    for (int l = 1; l < kLanes; ++l) {
        m = std::max(m, acc[l]);
    }
    for (; i < n; ++i) {
        m = std::max(m, x[i] * scale);
    }
    return m;
}

// exp(x) for x <= 88 with a relative error of ~2e-7 (Cephes' expf: x = n ln 2 + r, a degree-5
// polynomial in r, 2^n from the exponent bits). Only arithmetic and bit casts, no floor() call:
// n is rounded by adding 1.5 * 2^23 (exact in fp32 without -ffast-math), so a loop of it
// vectorises at every instruction set the kernels are built for.
inline float expOf(float x) {
    constexpr float kShift = 12582912.0f; // 1.5 * 2^23: the sum's low mantissa bits hold n
    x = std::max(x, -87.0f);
    const float t = x * 1.44269504088896341f + kShift;
    const float n = t - kShift;
    const float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float y = p * r * r + r + 1.0f;
    const int32_t ni = std::bit_cast<int32_t>(t) - std::bit_cast<int32_t>(kShift);
    return y * std::bit_cast<float>(uint32_t(ni + 127) << 23);
}

} // namespace rs::fused
