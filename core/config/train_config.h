#pragma once

#include "core/util/json_fields.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs {

struct MuonConfig {
    double lr = 0.024;
    double momentum = 0.95;
    bool nesterov = true;
    int ns_steps = 5;
    // "polar_express" (the reference's schedule and normalisation) or "quintic" (3.4445, -4.7750,
    // 2.0315 at every step).
    std::string coefficients = "polar_express";
    // "fused_qkvo": a layer's W_q, W_k, W_v, W_o are orthogonalized as one stacked matrix
    // [q + 2 kv + o, d_model], as the reference's single qkvo parameter is; "separate": each alone.
    std::string grouping = "fused_qkvo";
    double weight_decay = 0.0;
    // Precision of the orthogonalization: "auto" = bf16 when the run computes under bf16
    // autocast (as the reference Muon does; 3x faster on CPU), fp32 otherwise.
    std::string ns_precision = "auto"; // "auto", "fp32", "bf16"
};

struct AdamWConfig {
    double lr = 0.006;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 0.2;
    // false: the hidden matrices (attention and feed-forward) on AdamW get no decay, the rest
    // keeps weight_decay. The reference decays them (AdamW-only cells); the B1-wd0 control does
    // not.
    bool decay_hidden_matrices = true;
};

struct TrainConfig {
    int64_t token_budget = 25'000'000;
    int64_t batch_size = 32;
    int64_t seq_len = 512;
    // Empty: the reference schedule (0, 0.5M, 1M, 2M, 4M, 8M, 12M, 16M, 20M, 25M of 25M)
    // scaled to token_budget. Otherwise explicit token marks.
    std::vector<int64_t> checkpoint_tokens;
    std::string optimizer = "muon_adamw"; // "muon_adamw" or "adamw"
    MuonConfig muon;
    AdamWConfig adamw;
    double grad_clip = 1.0;
    std::string lr_schedule = "constant"; // "constant" or "warmup_cosine"
    double warmup_fraction = 0.0;
    double min_lr_fraction = 0.1;
    std::string precision = "auto"; // "auto" (bf16 autocast where supported), "bf16", "fp32"
    std::string device = "auto";    // "auto", "cpu", "cuda"
    int threads = 0;                // 0 = all available cores
    int64_t val_tokens = 32768;     // validation loss at each mark on this many tokens
    int64_t log_every = 10;         // steps between train-loss records
    // Why the preset's learning rate is what it is (kept with the run).
    std::string lr_note;

    int64_t tokensPerStep() const { return batch_size * seq_len; }
    int64_t totalSteps() const { return token_budget / tokensPerStep(); }
    // Marks rounded to whole steps, ascending, unique, 0 and the final token count included.
    std::vector<int64_t> checkpointMarks() const;

    void validate() const;
    Json toJson() const;
    static TrainConfig fromJson(const Json& j);
};

} // namespace rs
