#pragma once

// One preparation of an experiment's data folder (internal to core/data): experiment_data.cpp
// runs it; data_preparation_text.cpp holds the text stages (sources, scores, terciles),
// data_preparation.cpp the token stages (tokenizer, shards, evaluation batch, manifest).

#include "core/data/bpe_tokenizer.h"
#include "core/data/corpus_encoding.h"
#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/data/text_cleaning.h"

#include "core/util/json_fields.h"

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace rs {

// Bumped when prepared folders gain files runs need (2: train.docs.json, eval_own.tok), so an
// older folder is prepared again rather than reused.
inline constexpr int kDataFormat = 2;

// A tercile cut of one genre ("" = every genre) by the complexity score of training units.
struct Cut {
    std::string genre;
    double lo, hi;
};

using SplitSets = std::map<std::string, std::map<std::string, std::vector<const TextUnit*>>>;

// One preparation of an experiment data folder, stage by stage; the members are what the
// stages hand on. Stage order: sources, scores, terciles, tokenizer, shards, evaluation batch.
class DataPreparation {
  public:
    using Clock = std::chrono::steady_clock;
    static double secondsSince(Clock::time_point t) {
        return std::chrono::duration<double>(Clock::now() - t).count();
    }

    explicit DataPreparation(const PrepareOptions& opt) : opt_(opt) {}
    Json run();

  private:
    void progress(const std::string& stage, double f) const;
    Json request() const;
    // A complete folder prepared with the same request is used as it is.
    std::optional<Json> reusable(const Json& req) const;
    // 1. Sources: fetch, read, clean. A failing source is skipped and recorded.
    void collectSources(const std::vector<std::string>& names);
    Json addBuiltinSource(const SourceSpec& spec);
    void addOwnText(const std::filesystem::path& path);
    // Without the familiar-word list (npm unreachable) the terciles fall back to the
    // Flesch-Kincaid grade, and the manifest says so.
    FamiliarWords familiarWords();
    // 2. Units and their scores.
    void scoreUnits();
    double complexity(const TextUnit& u) const;
    const std::string& splitOf(const TextUnit& u) const { return doc_split_[size_t(u.doc)]; }
    const std::string& genreOf(const TextUnit& u) const { return docs_[size_t(u.doc)].genre; }
    std::vector<const TextUnit*> unitsIn(const std::string& split) const;
    // 3. Terciles by complexity on training units; the same thresholds cut val/test.
    void cutTerciles();
    std::vector<const TextUnit*> pick(const std::vector<const TextUnit*>& pool, const Cut& c,
                                      bool low) const;
    void cutSplit(const std::string& split, std::mt19937_64& rng);
    // 4. One tokenizer for the experiment, trained on the training text of every variant.
    void trainTokenizer();
    // The larger corpora of a group are cut to the smallest by a seeded sample of whole units
    // across all their sources (then to the exact count), never by dropping their tail.
    void equalise(const std::vector<std::string>& group);
    // 5. Encode, equalise token counts across the three main variants, write shards.
    void encodeAndWriteShards();
    void writeShards();
    // 6. The fixed evaluation batch: random windows of the eval documents (never trained on),
    // one window per stretch of the stream so the windows are disjoint.
    void writeEvalBatch();
    void writeOwnEvalBatch(const std::string& variant, const Encoded& test);
    Json finishManifest();

    const PrepareOptions& opt_;
    const Clock::time_point t_start_ = Clock::now();
    Json manifest_;
    std::vector<Document> docs_;
    std::vector<TextUnit> units_;
    std::vector<std::string> doc_split_; // per document: train, val, test or eval
    bool dale_ = true;                   // complexity by Dale-Chall, else Flesch-Kincaid grade
    std::map<std::string, Cut> cuts_;
    SplitSets sets_; // variant -> split -> units
    std::optional<BpeTokenizer> tok_;
    UnitIds unit_ids_;
    std::map<std::string, std::map<std::string, Encoded>> encodings_;
    double fetch_s_ = 0, extract_s_ = 0, score_s_ = 0, tok_s_ = 0, enc_s_ = 0;
    int64_t encoded_ = 0;
};

} // namespace rs
