#pragma once

#include "core/config/choices.h"
#include "core/util/json_fields.h"

#include <cstdint>
#include <string>

namespace rs {

// The transformer of the study; defaults are the `paper` reference model.
struct ModelConfig {
    int64_t vocab_size = 49152;
    int64_t d_model = 512;
    int64_t n_layers = 22;
    int64_t n_heads = 8;
    int64_t n_kv_heads = 4;
    int64_t ffn_dim = 2048;
    FfnType ffn_type = FfnType::Relu2;
    bool qk_norm = true;
    // QK-Norm gain: Shared, gamma [head_dim] (the reference), or PerHead, [heads, head_dim].
    GammaLayout qk_norm_gamma = GammaLayout::Shared;
    QkNormGain qk_norm_gain = QkNormGain::Learned;
    double rope_base = 10000.0;
    double init_std = 0.02;
    double norm_eps = 1e-6;
    bool scale_embeddings = true; // multiply token embeddings by sqrt(d_model)
    int64_t max_seq_len = 1024;

    int64_t headDim() const { return d_model / n_heads; }
    int64_t kvDim() const { return n_kv_heads * headDim(); }
    bool sharedGamma() const { return qk_norm_gamma == GammaLayout::Shared; }
    // Exact count of trainable parameters (tied embedding counted once).
    int64_t parameterCount() const;
    int64_t blockParameterCount() const;

    void validate() const; // throws ConfigError naming the field and the fix
    Json toJson() const;
    static ModelConfig fromJson(const Json& j); // strict: unknown keys are errors
};

} // namespace rs
