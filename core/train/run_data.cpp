#include "core/train/run_data.h"

#include "core/data/document_sample.h"
#include "core/data/experiment_data.h"
#include "core/data/synthetic_corpus.h"
#include "core/train/batcher.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <torch/torch.h>

namespace rs {

namespace {

// Fixed stream seeds: every run of an experiment sees the same text; the run seed changes
// only the initialisation and the batch order.
constexpr uint64_t kTrainStream = 1, kValStream = 2;

constexpr uint64_t kTestStream = 3, kEvalStream = 4, kOwnEvalStream = 5;
// A run's own draw of the synthetic training stream (data.sample_fraction < 1): its seed plus this.
constexpr uint64_t kSampleStreamBase = 1000;

// Flat evaluation tokens as rows of `length`, shortened to fit the model's context.
at::Tensor evalRows(const uint16_t* ids, int64_t n, int64_t length, int64_t max_seq_len) {
    const int64_t l = std::min(length, max_seq_len);
    const int64_t rows = n / l;
    auto t = torch::empty({rows, l}, torch::kInt64);
    for (int64_t i = 0; i < rows * l; ++i) {
        t.data_ptr<int64_t>()[i] = ids[i];
    }
    return t;
}

} // namespace

RunData openData(const RunConfig& cfg) {
    RunData d;
    const auto& dc = cfg.data;
    if (dc.source == DataSource::Synthetic) {
        SyntheticSpec spec{dc.variant, cfg.model.vocab_size, dc.language_seed};
        const int64_t need = cfg.train.totalSteps() * cfg.train.tokensPerStep() + 1;
        const bool own = dc.sample_fraction < 1.0;
        d.train = std::make_unique<MemoryTokenSource>(
            generateSynthetic(spec, need, own ? kSampleStreamBase + cfg.seed : kTrainStream),
            "synthetic-" + std::string(key(dc.variant)) + "/train");
        d.val = std::make_unique<MemoryTokenSource>(
            generateSynthetic(spec, cfg.train.val_tokens + 1, kValStream),
            "synthetic-" + std::string(key(dc.variant)) + "/val");
        d.eval = evaluationBatch(cfg);
        d.describe = {{"source", key(dc.source)},
                      {"variant", key(dc.variant)},
                      {"language_seed", dc.language_seed},
                      {"train_fnv1a64", fnv1a64(d.train->data(), size_t(d.train->size()) * 2)}};
        if (own) { // an infinite language: every seed draws its own stream, not a share of one
            d.describe["sample"] = {{"seed", cfg.seed},
                                    {"fraction", dc.sample_fraction},
                                    {"documents", nullptr},
                                    {"tokens", d.train->size()},
                                    {"fnv1a64", d.describe["train_fnv1a64"]}};
        }
        d.own_eval = ownEvaluationBatch(cfg);
        return d;
    }
    const bool prepared = dc.source == DataSource::Prepared;
    Json manifest;
    if (prepared) {
        manifest = readDataManifest(dc.dir);
    }
    const std::filesystem::path train_path =
        prepared ? std::filesystem::path(dc.dir) / key(dc.variant) / "train.tok"
                 : std::filesystem::path(dc.train_path);
    const std::filesystem::path val_path =
        prepared ? std::filesystem::path(dc.dir) / key(dc.variant) / "val.tok"
                 : std::filesystem::path(dc.val_path);
    std::unique_ptr<TokenSource> train = std::make_unique<TokenFile>(train_path);
    auto val = std::make_unique<TokenFile>(val_path);
    const uint32_t train_vocab = static_cast<const TokenFile&>(*train).vocabSize();
    const uint64_t train_sum = static_cast<const TokenFile&>(*train).checksum();
    if (train_vocab > cfg.model.vocab_size) {
        throw ConfigError("model.vocab_size",
                          "is " + std::to_string(cfg.model.vocab_size) + " but '" +
                              train_path.string() + "' was tokenized with " +
                              std::to_string(train_vocab) + " ids; raise vocab_size");
    }
    Json sample;
    if (prepared && dc.sample_fraction < 1.0) {
        train = sampleTrainDocuments(cfg, *train, manifest, sample);
    }
    d.describe = {{"source", key(dc.source)},          {"variant", key(dc.variant)},
                  {"train_path", train_path.string()}, {"train_tokens", train->size()},
                  {"train_fnv1a64", train_sum},        {"val_path", val_path.string()},
                  {"val_fnv1a64", val->checksum()}};
    if (!sample.is_null()) {
        d.describe["sample"] = sample;
    }
    if (prepared) {
        d.eval = evaluationBatch(cfg);
        d.own_eval = ownEvaluationBatch(cfg);
        if (d.own_eval.defined()) {
            d.describe["eval_own_sha256"] =
                manifest["splits"][key(dc.variant)]["eval_own"]["sha256"];
        }
        d.describe["manifest_sources"] = manifest["sources"];
        // The whole split as one window: the tokens of each source in it.
        const auto& split = manifest["splits"][key(dc.variant)]["train"];
        d.describe["train_tokens_by_source"] = tokensBySource(
            split.value("source_ranges", Json::array()), {0}, split.value("tokens", int64_t(0)));
        d.describe["tokenizer_sha256"] = manifest["tokenizer"]["sha256"];
        d.describe["eval_batch_sha256"] = manifest["eval_batch"]["sha256"];
    }
    d.train = std::move(train);
    d.val = std::move(val);
    return d;
}

std::unique_ptr<TokenSource> sampleTrainDocuments(const RunConfig& cfg, const TokenSource& train,
                                                  const Json& manifest, Json& record) {
    const auto path =
        std::filesystem::path(cfg.data.dir) / key(cfg.data.variant) / "train.docs.json";
    if (!std::filesystem::exists(path)) {
        throw UserError("data.sample_fraction needs the document index '" + path.string() +
                        "', which this data folder predates; prepare it again "
                        "(`rankscope-cli data prepare`)");
    }
    const auto index = Json::parse(readFile(path), nullptr, false);
    if (index.is_discarded() || index.value("tokens", int64_t(-1)) != train.size()) {
        throw UserError("'" + path.string() + "' does not describe '" + train.describe() +
                        "'; prepare the data folder again (`rankscope-cli data prepare`)");
    }
    const auto starts = index["starts"].get<std::vector<int64_t>>();
    auto s =
        sampleDocuments(train.data(), train.size(), starts, cfg.data.sample_fraction, cfg.seed);
    record = {{"seed", s.seed},
              {"fraction", cfg.data.sample_fraction},
              {"documents", s.documents},
              {"of_documents", s.of_documents},
              {"tokens", s.tokens.size()},
              {"fnv1a64", fnv1a64(s.tokens.data(), s.tokens.size() * 2)}};
    // Which sources the sample holds: each document lies in one source's stretch.
    const auto ranges = manifest.at("splits")
                            .at(key(cfg.data.variant))
                            .at("train")
                            .value("source_ranges", Json::array());
    Json by_source = Json::object();
    for (size_t d : s.kept) {
        const int64_t end = d + 1 < starts.size() ? starts[d + 1] : train.size();
        for (const auto& r : ranges) {
            if (r["begin"].get<int64_t>() <= starts[d] && starts[d] < r["end"].get<int64_t>()) {
                const auto src = r["source"].get<std::string>();
                by_source[src] = by_source.value(src, int64_t(0)) + (end - starts[d]);
                break;
            }
        }
    }
    record["tokens_by_source"] = by_source;
    return std::make_unique<MemoryTokenSource>(std::move(s.tokens),
                                               train.describe() + " (sample of seed " +
                                                   std::to_string(cfg.seed) + ")");
}

at::Tensor ownEvaluationBatch(const RunConfig& cfg) {
    const auto& dc = cfg.data;
    if (dc.variant == DataVariant::Standard) {
        return {}; // the shared batch is drawn from the standard mix already
    }
    if (dc.source == DataSource::Synthetic) {
        SyntheticSpec spec{dc.variant, cfg.model.vocab_size, dc.language_seed};
        auto own = generateSynthetic(spec, 1000, kOwnEvalStream);
        return evalRows(own.data(), int64_t(own.size()), 125, cfg.model.max_seq_len);
    }
    if (dc.source != DataSource::Prepared) {
        return {};
    }
    const auto manifest = readDataManifest(dc.dir);
    const auto entry = manifest["splits"][key(dc.variant)].value("eval_own", Json());
    if (!entry.is_object()) {
        return {}; // prepared by an older version, or too small a test split
    }
    TokenFile own(std::filesystem::path(dc.dir) / entry["path"].get<std::string>());
    return evalRows(own.data(), own.size(), entry["sequence_length"].get<int64_t>(),
                    cfg.model.max_seq_len);
}

at::Tensor evaluationBatch(const RunConfig& cfg) {
    const auto& dc = cfg.data;
    if (dc.source == DataSource::Synthetic) {
        SyntheticSpec spec{dc.variant, cfg.model.vocab_size, dc.language_seed};
        auto eval = generateSynthetic(spec, 1000, kEvalStream);
        return evalRows(eval.data(), int64_t(eval.size()), 125, cfg.model.max_seq_len);
    }
    if (dc.source == DataSource::Prepared) {
        auto manifest = readDataManifest(dc.dir);
        TokenFile eval(std::filesystem::path(dc.dir) / "eval_batch.tok");
        return evalRows(eval.data(), eval.size(),
                        manifest["eval_batch"]["sequence_length"].get<int64_t>(),
                        cfg.model.max_seq_len);
    }
    return {};
}

std::vector<uint16_t> testTokens(const RunConfig& cfg, int64_t max_tokens) {
    const auto& dc = cfg.data;
    if (dc.source == DataSource::Synthetic) {
        return generateSynthetic({dc.variant, cfg.model.vocab_size, dc.language_seed},
                                 max_tokens + 1, kTestStream);
    }
    if (dc.source == DataSource::Prepared) {
        TokenFile f(std::filesystem::path(dc.dir) / key(dc.variant) / "test.tok");
        return std::vector<uint16_t>(f.data(), f.data() + f.size());
    }
    throw UserError("surgery needs a held-out test split: train from prepared data "
                    "(data.source \"prepared\") or synthetic data");
}

// The manifest knows where each source lies in every split.
void recordWindowSources(const RunConfig& cfg, const std::vector<int64_t>& val_starts,
                         Json& describe) {
    if (cfg.data.source != DataSource::Prepared) {
        return;
    }
    const auto manifest = readDataManifest(cfg.data.dir);
    const auto& splits =
        manifest.value("splits", Json::object()).value(key(cfg.data.variant), Json());
    if (!splits.is_object() || !splits.value("val", Json()).contains("source_ranges")) {
        return; // prepared by an older version
    }
    describe["val_tokens_by_source"] =
        tokensBySource(splits["val"]["source_ranges"], val_starts, cfg.train.seq_len + 1);
    const auto test_starts =
        spreadWindowStarts(splits["test"]["tokens"].get<int64_t>(), cfg.train.seq_len,
                           kDefaultTestTokens, kTestWindowSeed);
    describe["test_tokens_by_source"] =
        tokensBySource(splits["test"]["source_ranges"], test_starts, cfg.train.seq_len + 1);
    describe["eval_tokens_by_source"] = manifest["eval_batch"].value("tokens_by_source", Json());
}

} // namespace rs
