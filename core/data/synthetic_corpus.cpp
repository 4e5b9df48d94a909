#include "core/data/synthetic_corpus.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace rs {

namespace {

// Portable uniform in [0, 1) from a mt19937_64 (std distributions differ between libraries).
double uniform(std::mt19937_64& rng) {
    return double(rng() >> 11) * 0x1.0p-53;
}

int64_t sampleCdf(const std::vector<double>& cdf, std::mt19937_64& rng) {
    double u = uniform(rng) * cdf.back();
    return std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
}

struct Language {
    std::vector<std::vector<uint16_t>> words; // per state: its sub-vocabulary
    std::vector<double> word_cdf;             // Zipf over a sub-vocabulary (shared shape)
    std::vector<std::vector<int>> next;       // per state: successor states
    std::vector<double> next_cdf;
};

Language makeLanguage(int states, int successors, int sub_vocab, double zipf, int64_t vocab,
                      uint64_t seed) {
    std::mt19937_64 rng(seed);
    Language lang;
    std::vector<uint16_t> all(vocab);
    std::iota(all.begin(), all.end(), 0);
    sub_vocab = int(std::min<int64_t>(sub_vocab, vocab));
    for (int s = 0; s < states; ++s) {
        for (int64_t i = vocab - 1; i > 0; --i) { // Fisher-Yates with our portable uniform
            std::swap(all[i], all[int64_t(uniform(rng) * double(i + 1))]);
        }
        lang.words.emplace_back(all.begin(), all.begin() + sub_vocab);
        std::vector<int> succ;
        for (int k = 0; k < successors; ++k) {
            succ.push_back(int(uniform(rng) * states));
        }
        lang.next.push_back(succ);
    }
    double acc = 0;
    for (int r = 1; r <= sub_vocab; ++r) {
        acc += std::pow(double(r), -zipf);
        lang.word_cdf.push_back(acc);
    }
    acc = 0;
    for (int k = 1; k <= successors; ++k) {
        acc += 1.0 / k;
        lang.next_cdf.push_back(acc);
    }
    return lang;
}

} // namespace

std::vector<uint16_t> generateSynthetic(const SyntheticSpec& spec, int64_t tokens,
                                        uint64_t stream_seed) {
    if (hasFlag(spec.variant, kPreparedOnly)) {
        throw ConfigError("data.variant",
                          std::string("\"") + key(spec.variant) +
                              "\" exists only in prepared corpora; the synthetic "
                              "language has \"standard\", \"simple\" or \"complex\"");
    }
    if (spec.vocab_size < 16 || spec.vocab_size > 65536) {
        throw ConfigError("model.vocab_size", "synthetic data needs a vocabulary of 16..65536");
    }
    const auto v = spec.vocab_size;
    const Language simple =
        makeLanguage(8, 2, int(std::max<int64_t>(16, v / 32)), 1.4, v, spec.language_seed);
    const Language complex =
        makeLanguage(64, 6, int(std::max<int64_t>(16, v / 4)), 1.05, v, spec.language_seed + 1);
    std::mt19937_64 rng(stream_seed * 0x9E3779B97F4A7C15ULL + 17);
    std::vector<uint16_t> out;
    out.reserve(size_t(tokens));
    while (int64_t(out.size()) < tokens) {
        bool use_simple = spec.variant == DataVariant::Simple ||
                          (spec.variant == DataVariant::Standard && uniform(rng) < 0.5);
        const Language& lang = use_simple ? simple : complex;
        const size_t doc_start = out.size();
        const int64_t doc_len = 128 + int64_t(uniform(rng) * 384);
        int state = int(uniform(rng) * double(lang.words.size()));
        while (int64_t(out.size() - doc_start) < doc_len && int64_t(out.size()) < tokens) {
            const size_t produced = out.size() - doc_start;
            if (produced > 32 && uniform(rng) < 0.03) {
                // Repeat an earlier span of this document verbatim.
                const size_t len = 4 + size_t(uniform(rng) * 12);
                const size_t from = doc_start + size_t(uniform(rng) * double(produced - len));
                for (size_t i = 0; i < len && int64_t(out.size()) < tokens; ++i) {
                    out.push_back(out[from + i]);
                }
                continue;
            }
            out.push_back(lang.words[state][size_t(sampleCdf(lang.word_cdf, rng))]);
            state = lang.next[state][size_t(sampleCdf(lang.next_cdf, rng))];
        }
    }
    return out;
}

} // namespace rs
