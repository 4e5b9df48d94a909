#pragma once

#include "core/data/bpe_tokenizer.h"
#include "core/data/experiment_data.h"
#include "core/data/readability.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace rs {

// What data preparation (experiment_data.cpp) does to the text units of a corpus: encode them
// into one token stream with its sources' stretches, sample them to a token count, and
// describe the result (words, tokens, readability, entropy).

// A token stream, the [begin, end) stretches each source occupies in it, in order, and where
// each document's stretch begins (a document's units are adjacent in the stream; its stretch
// runs to the next document's start, separators included, so whole documents can be cut out).
struct Encoded {
    std::vector<uint16_t> ids;
    nlohmann::json ranges = nlohmann::json::array(); // [{"source", "begin", "end"}]
    std::vector<int64_t> doc_starts;

    void truncate(size_t n) {
        ids.resize(std::min(ids.size(), n));
        nlohmann::json kept = nlohmann::json::array();
        for (auto r : ranges) {
            if (r["begin"].get<int64_t>() < int64_t(n)) {
                r["end"] = std::min(r["end"].get<int64_t>(), int64_t(n));
                kept.push_back(r);
            }
        }
        ranges = kept;
        while (!doc_starts.empty() && doc_starts.back() >= int64_t(n)) {
            doc_starts.pop_back();
        }
    }
};

using UnitIds = std::unordered_map<const TextUnit*, std::vector<uint16_t>>;

// Units in document order; units that are not adjacent in their document are separated by
// the end-of-document token so no context runs across a gap. Each unit is encoded once (cache).
Encoded encodeUnits(const std::vector<const TextUnit*>& units, const BpeTokenizer& tok,
                    const std::vector<Document>& docs, UnitIds& cache);
// A seeded sample of whole units, spread over every source, holding at least `n` tokens, in
// the original order: equalising corpora never drops whole trailing sources.
std::vector<const TextUnit*> sampleUnits(const std::vector<const TextUnit*>& units, size_t n,
                                         const UnitIds& ids, uint64_t seed);
// Words, tokens, FK grade, sentence length, unfamiliar words, entropies of one corpus.
nlohmann::json corpusStats(const std::vector<const TextUnit*>& units,
                           const std::vector<uint16_t>& tokens, int vocab);
// The Dale-Chall familiar-word list from its npm package (fetched into `cache`).
FamiliarWords loadFamiliarWords(const std::filesystem::path& cache);

} // namespace rs
