#include "core/train/memory_estimate.h"
#include "core/util/error.h"

#include <cstdio>

namespace rs {

namespace {

std::string gib(double bytes) {
    char s[32];
    std::snprintf(s, sizeof s, "%.1f GiB", bytes / double(1ull << 30));
    return s;
}

} // namespace

MemoryEstimate estimateMemory(const RunConfig& cfg) {
    const auto& m = cfg.model;
    const auto& t = cfg.train;
    MemoryEstimate e;
    // In doubles: the estimate must not overflow where the config is absurd.
    const double d = double(m.d_model), ffn = double(m.ffn_dim), layers = double(m.n_layers);
    const double kv = d * double(m.n_kv_heads) / double(m.n_heads);
    const double block = d * (2 * d + 2 * kv) + (m.ffn_type == FfnType::SwiGlu ? 3 : 2) * d * ffn;
    e.parameters = double(m.vocab_size) * d + layers * block;
    e.model = e.parameters * 4 * 5; // weights, gradients, two moments, orthogonalization scratch
    const double tokens = double(t.batch_size) * double(t.seq_len);
    const double per_layer =
        tokens * (16 * d + 3 * ffn) +
        2.0 * double(t.batch_size) * double(m.n_heads) * double(t.seq_len) * double(t.seq_len);
    e.activations = 4 * (layers * per_layer + 3 * tokens * double(m.vocab_size));
    if (cfg.data.source == DataSource::Synthetic) {
        e.data = 2 * double(t.token_budget);
    }
    return e;
}

void checkFitsInMemory(const RunConfig& cfg, double available) {
    const auto e = estimateMemory(cfg);
    if (available <= 0 || e.total() <= 0.9 * available) {
        return;
    }
    std::string part;
    if (e.model >= e.activations && e.model >= e.data) {
        char n[32];
        std::snprintf(n, sizeof n, "%.3g", e.parameters);
        part = gib(e.model) + " for " + n +
               " parameters with their gradients and optimizer state; lower model.d_model, "
               "model.n_layers, model.ffn_dim or model.vocab_size";
    } else if (e.activations >= e.data) {
        part = gib(e.activations) + " for one step's activations; lower train.batch_size or "
                                    "train.seq_len (or the model's size)";
    } else {
        part = gib(e.data) + " for the generated training tokens; lower train.token_budget";
    }
    throw UserError("this run needs about " + gib(e.total()) + " of memory, more than this " +
                    "machine's " + gib(available) + ": " + part);
}

} // namespace rs
