#include "core/data/data_preparation.h"
#include "core/data/sha256.h"
#include "core/data/token_source.h"
#include "core/data/corpus_encoding.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

namespace rs {

namespace fs = std::filesystem;

namespace {

// One window start per stretch of the stream, at a seeded offset: disjoint windows spread over
// all of it. The stream holds at least 2 * n windows of `len`.
std::vector<int64_t> spreadStarts(int64_t size, int64_t len, int64_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const int64_t span = size / n;
    std::vector<int64_t> starts;
    for (int64_t s = 0; s < n; ++s) {
        starts.push_back(s * span + int64_t(rng() % uint64_t(span - len)));
    }
    return starts;
}

} // namespace

Json DataPreparation::run() {
    const Json req = request();
    if (auto old = reusable(req)) {
        progress("reuse", 1.0);
        return *old;
    }
    manifest_ = {{"request", req}, {"complete", false}, {"sources", Json::array()}};
    collectSources(req["sources"].get<std::vector<std::string>>());
    scoreUnits();
    cutTerciles();
    trainTokenizer();
    encodeAndWriteShards();
    writeEvalBatch();
    return finishManifest();
}

void DataPreparation::progress(const std::string& stage, double f) const {
    if (opt_.progress) {
        opt_.progress(stage, f);
    }
}

Json DataPreparation::request() const {
    std::vector<std::string> names = opt_.sources;
    if (names.empty() && opt_.own.empty()) {
        for (const auto& s : builtinSources()) {
            names.push_back(s.name);
        }
    }
    Json req = {{"sources", names},
                {"own", Json::array()},
                {"vocab_size", opt_.vocab_size},
                {"eval_tokens", opt_.eval_tokens},
                {"eval_seq_len", opt_.eval_seq_len},
                {"seed", opt_.seed},
                {"format", kDataFormat}};
    for (const auto& o : opt_.own) {
        req["own"].push_back(fs::absolute(o).string());
    }
    return req;
}

std::optional<Json> DataPreparation::reusable(const Json& req) const {
    createFolder(opt_.out_dir);
    if (!fs::exists(opt_.out_dir / "manifest.json")) {
        return std::nullopt;
    }
    auto old = Json::parse(readFile(opt_.out_dir / "manifest.json"), nullptr, false);
    if (!old.is_discarded() && old.value("complete", false) && old["request"] == req) {
        return old;
    }
    return std::nullopt;
}

void DataPreparation::trainTokenizer() {
    progress("tokenizer", 0.0);
    const auto t_tok = Clock::now();
    std::unordered_map<std::string, int64_t> pieces;
    for (const auto* u : unitsIn("train")) {
        for (auto& p : BpeTokenizer::pretokenize(u->text)) {
            ++pieces[p];
        }
    }
    tok_.emplace(BpeTokenizer::train(pieces, opt_.vocab_size, [&](int done, int total) {
        progress("tokenizer", double(done) / double(total));
    }));
    tok_s_ = secondsSince(t_tok);
    tok_->save(opt_.out_dir / "tokenizer.json");
}

void DataPreparation::equalise(const std::vector<std::string>& group) {
    for (const char* split : {"train", "val", "test"}) {
        size_t n = SIZE_MAX;
        for (const auto& v : group) {
            n = std::min(n, encodings_[v][split].ids.size());
        }
        for (const auto& v : group) {
            auto& e = encodings_[v][split];
            if (e.ids.size() > n) {
                const uint64_t seed = opt_.seed ^ std::hash<std::string>{}(v + "/" + split);
                sets_[v][split] = sampleUnits(sets_[v][split], n, unit_ids_, seed);
                e = encodeUnits(sets_[v][split], *tok_, docs_, unit_ids_);
            }
            e.truncate(n);
        }
    }
}

void DataPreparation::encodeAndWriteShards() {
    progress("encode", 0.0);
    const auto t_enc = Clock::now();
    for (auto& [variant, splits] : sets_) {
        for (auto& [split, us] : splits) {
            encodings_[variant][split] = encodeUnits(us, *tok_, docs_, unit_ids_);
            encoded_ += int64_t(encodings_[variant][split].ids.size());
        }
    }
    enc_s_ = secondsSince(t_enc);
    equalise({"standard", "simple", "complex"});
    for (const char* split : {"train", "val", "test"}) {
        if (encodings_["standard"][split].ids.size() < 1024) { // a floor, not a target
            throw UserError(std::string("too little text for the ") + split + " split (" +
                            std::to_string(encodings_["standard"][split].ids.size()) +
                            " tokens per corpus after equalising simple/standard/complex); "
                            "add sources or own text");
        }
    }
    for (const char* prefix : {"tech", "prose"}) {
        if (encodings_.count(std::string(prefix) + "-simple")) {
            equalise({std::string(prefix) + "-simple", std::string(prefix) + "-complex"});
        }
    }
    writeShards();
}

void DataPreparation::writeShards() {
    for (auto& [variant, splits] : encodings_) {
        createFolder(opt_.out_dir / variant);
        for (auto& [split, e] : splits) {
            TokenFile::write(opt_.out_dir / variant / (split + ".tok"), e.ids,
                             uint32_t(opt_.vocab_size));
            manifest_["splits"][variant][split] = {
                {"tokens", e.ids.size()},
                {"fnv1a64", fnv1a64(e.ids.data(), e.ids.size() * 2)},
                {"documents", e.doc_starts.size()},
                {"source_ranges", e.ranges}};
        }
        // Runs sample whole training documents by these starts (data.sample_fraction).
        writeFileAtomic(
            opt_.out_dir / variant / "train.docs.json",
            Json{{"tokens", splits["train"].ids.size()}, {"starts", splits["train"].doc_starts}}
                    .dump() +
                "\n");
        writeOwnEvalBatch(variant, splits["test"]);
        auto& stats = manifest_["stats"][variant];
        stats = corpusStats(sets_[variant]["train"], splits["train"].ids, opt_.vocab_size);
        if (!dale_) {
            stats["unfamiliar_pct"] = nullptr; // no familiar-word list to count with
        }
    }
}

// The variant's own held-out batch: windows spread over its test split (never trained on), so a
// model of that variant is also probed on its own distribution.
void DataPreparation::writeOwnEvalBatch(const std::string& variant, const Encoded& test) {
    const int64_t len = opt_.eval_seq_len;
    const int64_t n_seq = (opt_.eval_tokens + len - 1) / len;
    if (int64_t(test.ids.size()) < n_seq * len * 2) {
        return; // too small a split: the variant is probed on the shared batch only
    }
    const auto starts = spreadStarts(int64_t(test.ids.size()), len, n_seq, opt_.seed ^ 0x0E0EULL);
    std::vector<uint16_t> ids;
    for (auto st : starts) {
        ids.insert(ids.end(), test.ids.begin() + st, test.ids.begin() + st + len);
    }
    TokenFile::write(opt_.out_dir / variant / "eval_own.tok", ids, uint32_t(opt_.vocab_size));
    manifest_["splits"][variant]["eval_own"] = {
        {"path", variant + "/eval_own.tok"},
        {"from", "test"},
        {"sequences", n_seq},
        {"sequence_length", len},
        {"tokens", ids.size()},
        {"sha256",
         sha256Hex(std::string(reinterpret_cast<const char*>(ids.data()), ids.size() * 2))},
        {"tokens_by_source", tokensBySource(test.ranges, starts, len)}};
}

void DataPreparation::writeEvalBatch() {
    const auto eval_encoded = encodeUnits(unitsIn("eval"), *tok_, docs_, unit_ids_);
    const auto& stream = eval_encoded.ids;
    const int64_t len = opt_.eval_seq_len;
    const int64_t n_seq = (opt_.eval_tokens + len - 1) / len;
    if (int64_t(stream.size()) < n_seq * len * 2) {
        throw UserError("too little held-out text for an evaluation batch of " +
                        std::to_string(opt_.eval_tokens) + " tokens (" +
                        std::to_string(stream.size()) + " available); add sources");
    }
    std::vector<uint16_t> ids;
    Json previews = Json::array();
    const auto starts = spreadStarts(int64_t(stream.size()), len, n_seq, opt_.seed ^ 0xEEEEULL);
    for (const auto start : starts) {
        std::vector<uint16_t> w(stream.begin() + start, stream.begin() + start + len);
        ids.insert(ids.end(), w.begin(), w.end());
        previews.push_back(tok_->decode(w).substr(0, 160));
    }
    TokenFile::write(opt_.out_dir / "eval_batch.tok", ids, uint32_t(opt_.vocab_size));
    manifest_["eval_batch"] = {
        {"path", "eval_batch.tok"},
        {"sequences", n_seq},
        {"sequence_length", len},
        {"tokens", ids.size()},
        {"seed", opt_.seed},
        {"sha256",
         sha256Hex(std::string(reinterpret_cast<const char*>(ids.data()), ids.size() * 2))},
        {"tokens_by_source", tokensBySource(eval_encoded.ranges, starts, len)},
        {"preview", previews}};
    writeFileAtomic(opt_.out_dir / "eval_batch.json", manifest_["eval_batch"].dump(2) + "\n");
}

Json DataPreparation::finishManifest() {
    manifest_["tokenizer"] = {{"type", "byte-bpe"},
                              {"vocab_size", opt_.vocab_size},
                              {"merges", tok_->mergeCount()},
                              {"sha256", sha256Hex(readFile(opt_.out_dir / "tokenizer.json"))},
                              {"train_seconds", tok_s_}};
    manifest_["thresholds"] = Json::object();
    for (const auto& [g, c] : cuts_) {
        manifest_["thresholds"][g.empty() ? "all" : g] = {{"simple_max", c.lo},
                                                          {"complex_min", c.hi}};
    }
    manifest_["documents"] = docs_.size();
    manifest_["units"] = units_.size();
    manifest_["timings_s"] = {{"fetch", fetch_s_},
                              {"extract_clean", extract_s_},
                              {"score", score_s_},
                              {"tokenizer", tok_s_},
                              {"encode", enc_s_},
                              {"total", secondsSince(t_start_)},
                              {"encode_tokens_per_s", double(encoded_) / std::max(1e-9, enc_s_)}};
    manifest_["complete"] = true;
    writeFileAtomic(opt_.out_dir / "manifest.json", manifest_.dump(2) + "\n");
    progress("done", 1.0);
    return manifest_;
}

} // namespace rs
