#include "core/config/model_config.h"

namespace rs {

namespace {
void require(bool ok, const std::string& field, const std::string& fix) {
    if (!ok) {
        throw ConfigError("model." + field, fix);
    }
}
} // namespace

int64_t ModelConfig::blockParameterCount() const {
    int64_t attn = d_model * d_model * 2 + d_model * kvDim() * 2;
    int64_t ffn = (ffn_type == FfnType::SwiGlu ? 3 : 2) * d_model * ffn_dim;
    int64_t norms = 2 * d_model;
    const int64_t gamma_vectors = sharedGamma() ? 2 : n_heads + n_kv_heads;
    int64_t gammas = qk_norm ? gamma_vectors * headDim() : 0;
    return attn + ffn + norms + gammas;
}

int64_t ModelConfig::parameterCount() const {
    return vocab_size * d_model + n_layers * blockParameterCount() + d_model;
}

void ModelConfig::validate() const {
    require(vocab_size > 0 && vocab_size <= 65536, "vocab_size",
            "must be in 1..65536 (token shards are uint16); got " + std::to_string(vocab_size));
    // Upper bounds far beyond any model this tool trains: they keep sizes from overflowing.
    require(d_model > 0 && d_model <= 65536, "d_model", "must be in 1..65536");
    require(n_layers > 0 && n_layers <= 10000, "n_layers", "must be in 1..10000");
    require(n_heads > 0 && n_heads <= 4096, "n_heads", "must be in 1..4096");
    require(d_model % n_heads == 0, "d_model",
            "must be divisible by n_heads (" + std::to_string(d_model) + " % " +
                std::to_string(n_heads) + " != 0); change d_model or n_heads");
    require(n_kv_heads > 0, "n_kv_heads", "must be positive");
    require(n_heads % n_kv_heads == 0, "n_heads",
            "must be divisible by n_kv_heads for grouped-query attention (" +
                std::to_string(n_heads) + " % " + std::to_string(n_kv_heads) + " != 0)");
    require(headDim() % 2 == 0, "d_model",
            "d_model / n_heads = " + std::to_string(headDim()) +
                " must be even for rotary embeddings");
    require(ffn_dim > 0 && ffn_dim <= (1 << 20), "ffn_dim", "must be in 1..1048576");
    require(rope_base > 1.0, "rope_base", "must be > 1 (reference: 10000)");
    require(init_std > 0.0 && init_std < 1.0, "init_std", "must be in (0, 1) (reference: 0.02)");
    require(norm_eps > 0.0 && norm_eps < 0.1, "norm_eps", "must be in (0, 0.1)");
    require(max_seq_len >= 2 && max_seq_len <= (1 << 20), "max_seq_len", "must be in 2..1048576");
}

Json ModelConfig::toJson() const {
    return Json{{"vocab_size", vocab_size},
                {"d_model", d_model},
                {"n_layers", n_layers},
                {"n_heads", n_heads},
                {"n_kv_heads", n_kv_heads},
                {"ffn_dim", ffn_dim},
                {"ffn_type", key(ffn_type)},
                {"qk_norm", qk_norm},
                {"qk_norm_gamma", key(qk_norm_gamma)},
                {"qk_norm_gain", key(qk_norm_gain)},
                {"rope_base", rope_base},
                {"init_std", init_std},
                {"norm_eps", norm_eps},
                {"scale_embeddings", scale_embeddings},
                {"max_seq_len", max_seq_len}};
}

ModelConfig ModelConfig::fromJson(const Json& j) {
    ModelConfig c;
    JsonFields f(j, "model.");
    f.get("vocab_size", c.vocab_size);
    f.get("d_model", c.d_model);
    f.get("n_layers", c.n_layers);
    f.get("n_heads", c.n_heads);
    f.get("n_kv_heads", c.n_kv_heads);
    f.get("ffn_dim", c.ffn_dim);
    getChoice(f, "ffn_type", c.ffn_type);
    f.get("qk_norm", c.qk_norm);
    getChoice(f, "qk_norm_gamma", c.qk_norm_gamma);
    getChoice(f, "qk_norm_gain", c.qk_norm_gain);
    f.get("rope_base", c.rope_base);
    f.get("init_std", c.init_std);
    f.get("norm_eps", c.norm_eps);
    f.get("scale_embeddings", c.scale_embeddings);
    f.get("max_seq_len", c.max_seq_len);
    f.finish();
    return c;
}

} // namespace rs
