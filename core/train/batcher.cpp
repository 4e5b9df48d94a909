#include "core/train/batcher.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <numeric>
#include <random>

namespace rs {

Batcher::Batcher(const TokenSource& source, int64_t seq_len, int64_t batch_size, uint64_t seed)
    : source_(source), seq_(seq_len), batch_(batch_size),
      windows_(source.size() > 1 ? (source.size() - 1) / seq_len : 0) {
    order_.resize(size_t(windows_));
    std::iota(order_.begin(), order_.end(), 0);
    std::mt19937_64 rng(seed ^ 0xD1B54A32D192ED03ULL);
    for (int64_t i = windows_ - 1; i > 0; --i) {
        auto j = int64_t(double(rng() >> 11) * 0x1.0p-53 * double(i + 1));
        std::swap(order_[size_t(i)], order_[size_t(j)]);
    }
}

void Batcher::batch(int64_t step, at::Tensor& input, at::Tensor& target) const {
    if ((step + 1) * batch_ > windows_) {
        throw UserError("data exhausted at step " + std::to_string(step) + ": " +
                        source_.describe() + " holds " + std::to_string(windows_) + " windows of " +
                        std::to_string(seq_ + 1) + " tokens");
    }
    auto buf = torch::empty({batch_, seq_ + 1}, torch::kInt64);
    auto* out = buf.data_ptr<int64_t>();
    const uint16_t* tokens = source_.data();
    for (int64_t b = 0; b < batch_; ++b) {
        const int64_t start = order_[size_t(step * batch_ + b)] * seq_;
        for (int64_t t = 0; t <= seq_; ++t) {
            out[b * (seq_ + 1) + t] = tokens[start + t];
        }
    }
    input = buf.slice(1, 0, seq_);
    target = buf.slice(1, 1, seq_ + 1);
}

std::vector<int64_t> spreadWindowStarts(int64_t stream_size, int64_t seq_len, int64_t max_tokens,
                                        uint64_t seed) {
    const int64_t n = std::min((stream_size - 1) / seq_len, max_tokens / seq_len);
    std::vector<int64_t> starts;
    if (n < 1) {
        return starts;
    }
    const int64_t stretch = (stream_size - 1) / n; // >= seq_len
    std::mt19937_64 rng(seed);
    for (int64_t w = 0; w < n; ++w) {
        const auto slack = uint64_t(stretch - seq_len);
        starts.push_back(w * stretch + int64_t(slack > 0 ? rng() % (slack + 1) : 0));
    }
    return starts;
}

std::vector<int64_t> spreadWindows(const TokenSource& source, int64_t seq_len, int64_t max_tokens,
                                   uint64_t seed, at::Tensor& input, at::Tensor& target) {
    auto starts = spreadWindowStarts(source.size(), seq_len, max_tokens, seed);
    if (starts.empty()) {
        throw UserError(source.describe() + " is too small for one window of " +
                        std::to_string(seq_len + 1) + " tokens");
    }
    const int64_t n = int64_t(starts.size());
    auto buf = torch::empty({n, seq_len + 1}, torch::kInt64);
    auto* out = buf.data_ptr<int64_t>();
    for (int64_t w = 0; w < n; ++w) {
        for (int64_t t = 0; t <= seq_len; ++t) {
            out[w * (seq_len + 1) + t] = source.data()[starts[size_t(w)] + t];
        }
    }
    input = buf.slice(1, 0, seq_len);
    target = buf.slice(1, 1, seq_len + 1);
    return starts;
}

} // namespace rs
