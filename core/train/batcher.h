#pragma once

#include "data/token_source.h"

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

// The first `max_tokens` of a stream as consecutive windows, for validation / evaluation.
void sequentialWindows(const TokenSource& source, int64_t seq_len, int64_t max_tokens,
                       at::Tensor& input, at::Tensor& target);

} // namespace rs
