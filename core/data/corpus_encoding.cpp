#include "core/data/corpus_encoding.h"
#include "core/data/document_sample.h"
#include "core/data/sources.h"
#include "core/data/text_cleaning.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace rs {

Encoded encodeUnits(const std::vector<const TextUnit*>& units, const BpeTokenizer& tok,
                    const std::vector<Document>& docs, UnitIds& cache) {
    Encoded out;
    const TextUnit* prev = nullptr;
    for (const auto* u : units) {
        const auto& source = docs[size_t(u->doc)].source;
        const auto pos = int64_t(out.ids.size());
        if (out.ranges.empty() || out.ranges.back()["source"] != source) {
            out.ranges.push_back({{"source", source}, {"begin", pos}, {"end", pos}});
        }
        if (!prev || prev->doc != u->doc) {
            out.doc_starts.push_back(pos);
        }
        if (prev && (prev->doc != u->doc || prev->index_in_doc + 1 != u->index_in_doc)) {
            out.ids.push_back(tok.eod());
        } else if (prev) {
            out.ids.push_back(uint16_t('\n'));
        }
        auto it = cache.find(u);
        if (it == cache.end()) {
            it = cache.emplace(u, tok.encode(u->text)).first;
        }
        out.ids.insert(out.ids.end(), it->second.begin(), it->second.end());
        out.ranges.back()["end"] = int64_t(out.ids.size());
        prev = u;
    }
    if (!out.ids.empty()) {
        out.ids.push_back(tok.eod());
        out.ranges.back()["end"] = int64_t(out.ids.size());
    }
    return out;
}

std::vector<const TextUnit*> sampleUnits(const std::vector<const TextUnit*>& units, size_t n,
                                         const UnitIds& ids, uint64_t seed) {
    const auto keep = takeUntil(seededOrder(units.size(), seed), int64_t(n),
                                [&](size_t i) { return int64_t(ids.at(units[i]).size() + 1); });
    std::vector<const TextUnit*> out;
    for (size_t i : keep) {
        out.push_back(units[i]);
    }
    return out;
}

Json corpusStats(const std::vector<const TextUnit*>& units, const std::vector<uint16_t>& tokens,
                 int vocab) {
    double words = 0, sentences_n = 0, syll = 0, unfamiliar = 0;
    std::unordered_map<std::string, double> wc;
    for (const auto* u : units) {
        words += double(u->score.words);
        sentences_n += double(u->score.sentences);
        syll += double(u->score.syllables);
        unfamiliar += double(u->score.unfamiliar);
        for (auto& w : wordsOf(u->text)) {
            wc[w] += 1;
        }
    }
    auto entropy = [](const auto& counts, double total) {
        double h = 0;
        for (const auto& c : counts) {
            double n = c;
            if (n > 0) {
                h -= n / total * std::log2(n / total);
            }
        }
        return h;
    };
    std::vector<double> word_counts;
    for (auto& [_, c] : wc) {
        word_counts.push_back(c);
    }
    std::vector<double> tc(size_t(vocab), 0.0);
    for (auto t : tokens) {
        tc[t] += 1;
    }
    const double wps = words / std::max(1.0, sentences_n);
    return {{"units", units.size()},
            {"words", int64_t(words)},
            {"tokens", int64_t(tokens.size())},
            {"fk_grade", 0.39 * wps + 11.8 * syll / std::max(1.0, words) - 15.59},
            {"mean_sentence_length", wps},
            {"unfamiliar_pct", 100.0 * unfamiliar / std::max(1.0, words)},
            {"entropy_bits_per_word", entropy(word_counts, words)},
            {"entropy_bits_per_token", entropy(tc, double(tokens.size()))},
            {"tokens_per_word", double(tokens.size()) / std::max(1.0, words)}};
}

FamiliarWords loadFamiliarWords(const fs::path& cache) {
    SourceSpec spec{"dale-chall", "npm", "dale-chall", "", "", "package"};
    auto fetched = fetchSource(spec, cache);
    for (const char* f : {"package/index.js", "package/index.cjs"}) {
        if (fs::exists(fetched.root / f)) {
            auto words = FamiliarWords::fromNpmIndex(readFile(fetched.root / f));
            if (words.size() > 2000) {
                return words;
            }
        }
    }
    throw UserError("the npm package dale-chall " + fetched.version +
                    " holds no familiar-word list where expected (package/index.js)");
}

} // namespace rs
