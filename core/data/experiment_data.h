#pragma once

#include "core/data/documents.h"
#include "core/data/readability.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rs {

// The corpora of one experiment: for each variant (standard, simple, complex and the
// within-genre controls) train/val/test token files, one shared tokenizer, one fixed
// evaluation batch, statistics and a manifest with versions and hashes.
struct PrepareOptions {
    std::filesystem::path out_dir;
    std::filesystem::path cache_dir;
    std::vector<std::string> sources;       // built-in source names; empty = all
    std::vector<std::filesystem::path> own; // researchers' own text (folder or .jsonl)
    int vocab_size = 2048;
    int64_t eval_tokens = 1000;
    int64_t eval_seq_len = 125; // the evaluation batch is eval_tokens / eval_seq_len sequences
    uint64_t seed = 1234;
    // The Dale-Chall familiar-word list as the npm package's index.js; empty = fetch the npm
    // package `dale-chall` into the cache.
    std::filesystem::path familiar_list;
    std::function<void(const std::string& stage, double fraction)> progress;
};

// A contiguous piece of ~100-150 words from one document, with its scores.
struct TextUnit {
    int doc = 0;
    int index_in_doc = 0;
    std::string text;
    Readability score;
};

// Cuts a document into units at sentence ends: at least `min_words`, at most about
// `max_words` (a single longer sentence stays whole).
std::vector<std::string> cutUnits(const Document& doc, size_t min_words = 100,
                                  size_t max_words = 150);

// Which split a document belongs to: "train" (90%), "val" (4%), "test" (4%), "eval" (2%),
// from a hash of its source, id and the seed.
std::string documentSplit(const Document& doc, uint64_t seed);

// Value at quantile q (0..1) of xs, by linear interpolation of the sorted values.
double quantile(std::vector<double> xs, double q);

// Fetches (or reuses), cleans, scores, splits, tokenizes and writes everything into out_dir.
// Reuses a complete earlier preparation with the same options. Returns the manifest.
nlohmann::json prepareExperimentData(const PrepareOptions& options);

// The manifest of a prepared folder; throws UserError naming the folder and the fix.
nlohmann::json readDataManifest(const std::filesystem::path& dir);

// Tokens per source covered by windows [start, start + length), given a split's
// "source_ranges" from the manifest ([{"source", "begin", "end"}]).
nlohmann::json tokensBySource(const nlohmann::json& ranges, const std::vector<int64_t>& starts,
                              int64_t length);
// A complete preparation with this vocabulary is in `dir` (else it must be prepared first).
bool experimentDataReady(const std::filesystem::path& dir, int64_t vocab_size);

} // namespace rs
