#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rs {

// A run's own sample of whole training documents (data.sample_fraction): documents are drawn
// in a seeded random order until the sample holds `fraction` of the stream's tokens, then
// kept in stream order. The same seed always draws the same sample.
struct DocumentSample {
    std::vector<uint16_t> tokens;
    std::vector<std::size_t> kept; // indices into the starts, ascending
    int64_t documents = 0, of_documents = 0;
    uint64_t seed = 0;
};

// `starts`: ascending document starts in `stream` (the first at 0); each document runs to the
// next start or the end of the stream.
DocumentSample sampleDocuments(const uint16_t* stream, int64_t size,
                               const std::vector<int64_t>& starts, double fraction,
                               uint64_t seed);

} // namespace rs
