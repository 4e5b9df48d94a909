#include "core/model/transformer.h"

#include "core/model/fused_ops.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

namespace rs {

TransformerImpl::TransformerImpl(const ModelConfig& cfg) : cfg_(cfg) {
    cfg_.validate();
    embed = register_module("embed", torch::nn::Embedding(cfg.vocab_size, cfg.d_model));
    for (int64_t i = 0; i < cfg.n_layers; ++i) {
        blocks_.push_back(register_module("block" + std::to_string(i), Block(cfg)));
    }
    final_norm = register_module("final_norm", RMSNorm(cfg.d_model, cfg.norm_eps));
    initWeights(at::Generator());
}

void TransformerImpl::initWeights(uint64_t seed) {
    initWeights(at::make_generator<at::CPUGeneratorImpl>(seed));
}

void TransformerImpl::initWeights(at::Generator gen) {
    torch::NoGradGuard guard;
    // N(0, std) for every matrix (embedding included); norm gains stay at 1. The draws are on
    // the CPU (the model may already live elsewhere) and copied in.
    for (auto& p : named_parameters()) {
        if (p.value().dim() == 2 && p.key().find("norm") == std::string::npos) {
            auto w = torch::empty(p.value().sizes(), p.value().options().device(torch::kCPU));
            w.normal_(0.0, cfg_.init_std,
                      gen.defined() ? c10::optional<at::Generator>(gen) : c10::nullopt);
            p.value().copy_(w);
        }
    }
}

void TransformerImpl::setFusedOps(bool on) {
    fused_ = on;
    for (auto& b : blocks_) {
        b->setFused(on);
    }
    final_norm->setFused(on);
}

at::Tensor TransformerImpl::hidden(const at::Tensor& tokens, QKTaps* taps) {
    auto x = embed(tokens);
    if (cfg_.scale_embeddings) {
        x = x * std::sqrt(double(cfg_.d_model));
    }
    if (taps) {
        taps->layers.assign(blocks_.size(), LayerQK{});
    }
    for (size_t i = 0; i < blocks_.size(); ++i) {
        x = blocks_[i](x, taps ? &taps->layers[i] : nullptr);
    }
    return final_norm(x);
}

at::Tensor TransformerImpl::forward(const at::Tensor& tokens, QKTaps* taps) {
    if (taps && fused_) { // probes measure the plain forward whatever the training path
        setFusedOps(false);
        auto logits = forward(tokens, taps);
        setFusedOps(true);
        return logits;
    }
    return torch::nn::functional::linear(hidden(tokens, taps), embed->weight).to(torch::kFloat);
}

at::Tensor TransformerImpl::loss(const at::Tensor& input, const at::Tensor& target) {
    // With fused operations the logits stay in the autocast dtype: the fused cross-entropy reads
    // them into fp32 row by row, so the [tokens x vocab] fp32 copy and its backward cast are
    // never made. Otherwise LibTorch's on the fp32 logits, as forward() returns them.
    auto logits = torch::nn::functional::linear(hidden(input, nullptr), embed->weight);
    logits = logits.view({-1, logits.size(-1)});
    const auto targets = target.reshape({-1});
    if (fused_ && fusedSupports(logits)) {
        return fusedCrossEntropy(logits, targets);
    }
    return torch::nn::functional::cross_entropy(logits.to(torch::kFloat), targets);
}

int64_t TransformerImpl::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : parameters()) {
        n += p.numel();
    }
    return n;
}

} // namespace rs
