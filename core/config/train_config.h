#pragma once

#include "core/config/choices.h"
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
    Orthogonalization coefficients = Orthogonalization::PolarExpress;
    // FusedQkvo: W_q, W_k, W_v, W_o stacked as [q + 2 kv + o, d_model], as the reference's single
    // qkvo parameter is.
    MuonGrouping grouping = MuonGrouping::FusedQkvo;
    double weight_decay = 0.0;
    // Auto: bf16 under bf16 autocast, as the reference Muon does (3x faster on CPU).
    NsPrecision ns_precision = NsPrecision::Auto;
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
    Optimizer optimizer = Optimizer::MuonAdamW;
    MuonConfig muon;
    AdamWConfig adamw;
    // Weight decay on the RMSNorm gains (QK-Norm's gamma and the block norms'): the reference
    // decays them with AdamW's weight_decay, which pulls gamma towards 0.
    bool decay_gains = true;
    // Multiplies every optimizer's learning rate (the learning-rate sensitivity cells).
    double lr_scale = 1.0;
    double grad_clip = 1.0;
    LrSchedule lr_schedule = LrSchedule::Constant;
    double warmup_fraction = 0.0;
    double min_lr_fraction = 0.1;
    Precision precision = Precision::Auto;
    Device device = Device::Auto;
    int threads = 0;            // 0 = all available cores
    // Fused CPU operations with their own backward (RMSNorm, QK-Norm + RoPE, causal attention,
    // squared ReLU, cross-entropy); off: LibTorch's own compositions. CUDA always uses those.
    bool fused_ops = true;
    // Every mark's checkpoint keeps the optimizer state too; by default only the weights (what
    // probes and surgery read), the full state living in the resume point and the final mark.
    bool keep_optimizer_state = false;
    int64_t val_tokens = 32768; // validation loss at each mark on this many tokens
    int64_t log_every = 10;     // steps between train-loss records
    // Why the preset's learning rate is what it is (kept with the run).
    std::string lr_note;

    int64_t tokensPerStep() const { return batch_size * seq_len; }
    int64_t totalSteps() const { return token_budget / tokensPerStep(); }
    bool usesMuon() const { return hasFlag(optimizer, kUsesMuon); }
    // Marks rounded to whole steps, ascending, unique, 0 and the final token count included.
    std::vector<int64_t> checkpointMarks() const;

    void validate() const;
    Json toJson() const;
    static TrainConfig fromJson(const Json& j);
};

} // namespace rs
