// The bf16 row conversions of fused_rows.h, built for each instruction set the kernels are.
#include "core/model/fused_rows.h"

namespace rs::fused {

RS_VECTOR_CLONES void load(const c10::BFloat16* src, float* dst, int64_t n) {
    const auto* s = reinterpret_cast<const uint16_t*>(src);
    for (int64_t i = 0; i < n; ++i) {
        dst[i] = std::bit_cast<float>(uint32_t(s[i]) << 16);
    }
}

RS_VECTOR_CLONES void store(const float* src, c10::BFloat16* dst, int64_t n) {
    auto* d = reinterpret_cast<uint16_t*>(dst);
    for (int64_t i = 0; i < n; ++i) {
        const uint32_t bits = std::bit_cast<uint32_t>(src[i]);
        const uint32_t rounded = (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16;
        const bool nan = (bits & 0x7FFFFFFFu) > 0x7F800000u;
        d[i] = uint16_t(nan ? 0x7FC0u : rounded);
    }
}

} // namespace rs::fused
