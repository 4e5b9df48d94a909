#pragma once

#include "core/config/choices.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs {

// A seeded synthetic "language" used until real corpora are prepared, and as test fixture:
// documents drawn from a hidden Markov chain whose states emit Zipf-distributed words from
// their own sub-vocabulary, with occasional verbatim repeats of earlier spans (so attention
// has something to learn beyond bigrams). `simple` has few states, peaked emissions and
// small sub-vocabularies; `complex` many states, flat emissions, wide sub-vocabularies;
// `standard` draws each document from either with equal probability.
struct SyntheticSpec {
    DataVariant variant = DataVariant::Standard; // one of the three main levels
    int64_t vocab_size = 2048;
    uint64_t language_seed = 1234; // the language itself: shared by every split and run
};

// `stream_seed` selects the text (train / validation / test use different seeds).
std::vector<uint16_t> generateSynthetic(const SyntheticSpec& spec, int64_t tokens,
                                        uint64_t stream_seed);

} // namespace rs
