#pragma once

#include "core/data/token_source.h"

#include <ATen/Tensor.h>

namespace rs {

// Cuts a token stream into non-overlapping windows of seq_len + 1 tokens and serves them in a
// seeded random order. Batch `step` is a pure function of (seed, step), so the data position
// of a checkpoint is just its step and a resumed run sees exactly the same batches.
class Batcher {
  public:
    Batcher(const TokenSource& source, int64_t seq_len, int64_t batch_size, uint64_t seed);
    int64_t windows() const { return windows_; }
    // Steps available before a window would be reused.
    int64_t stepsPerEpoch() const { return windows_ / batch_; }
    // input, target: [batch, seq_len] int64 on CPU.
    void batch(int64_t step, at::Tensor& input, at::Tensor& target) const;

  private:
    const TokenSource& source_;
    int64_t seq_, batch_, windows_;
    std::vector<int64_t> order_;
};

// The held-out test windows of surgery: how many tokens by default, and their seed (the run's
// record of which sources they cover uses the same).
inline constexpr int64_t kDefaultTestTokens = 16384;
inline constexpr uint64_t kTestWindowSeed = 3;
inline constexpr uint64_t kValWindowSeed = 2;

// `max_tokens` worth of windows spread evenly over the whole stream: window i starts at a seeded
// offset inside the i-th of n equal stretches, so a source-ordered split is sampled across all
// its sources rather than read from its head. A stream of exactly n windows gives consecutive
// windows. Returns the start positions (ascending).
std::vector<int64_t> spreadWindowStarts(int64_t stream_size, int64_t seq_len, int64_t max_tokens,
                                        uint64_t seed);
std::vector<int64_t> spreadWindows(const TokenSource& source, int64_t seq_len, int64_t max_tokens,
                                   uint64_t seed, at::Tensor& input, at::Tensor& target);

} // namespace rs
