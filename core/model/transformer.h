#pragma once

#include "core/model/block.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>

#include <vector>

namespace rs {

// Decoder-only language model: tied embeddings (scaled by sqrt(d_model)), pre-norm blocks,
// final RMSNorm, output logits = h * E^T with the embedding matrix E itself (LibTorch 1.13
// does not tie by assigning one module's weight to another's).
class TransformerImpl : public torch::nn::Module {
  public:
    explicit TransformerImpl(const ModelConfig& cfg);
    // tokens: [B, T] int64 -> logits [B, T, vocab] (fp32).
    at::Tensor forward(const at::Tensor& tokens, QKTaps* taps = nullptr);
    // Mean next-token cross-entropy of tokens[:, 1:] given tokens[:, :-1].
    at::Tensor loss(const at::Tensor& input, const at::Tensor& target);
    // train.fused_ops: fused CPU operations with their own backward (core/model/fused_ops.h)
    // in every layer; off (the default of a new model) is plain LibTorch.
    void setFusedOps(bool on);
    bool fusedOps() const { return fused_; }

    const ModelConfig& config() const { return cfg_; }
    Block block(size_t i) const { return blocks_[i]; }
    size_t numBlocks() const { return blocks_.size(); }
    int64_t parameterCount() const;
    // N(0, init_std) for every matrix from a generator of its own seeded with `seed`: the same
    // weights whatever else draws random numbers in this process (runs trained side by side
    // share LibTorch's default generator; the constructor draws from it).
    void initWeights(uint64_t seed);

    torch::nn::Embedding embed{nullptr};
    RMSNorm final_norm{nullptr};

  private:
    void initWeights(at::Generator gen);
    at::Tensor hidden(const at::Tensor& tokens, QKTaps* taps);
    bool fused_ = false;
    ModelConfig cfg_;
    std::vector<Block> blocks_;
};
TORCH_MODULE(Transformer);

} // namespace rs
