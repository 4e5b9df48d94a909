#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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

// 0..n-1 in a seeded Fisher-Yates order of our own (std::shuffle's draws differ between
// standard libraries, and samples must not).
std::vector<std::size_t> seededOrder(std::size_t n, uint64_t seed);

// The first items of `order` until their sizes add up to at least `want`, in ascending order.
std::vector<std::size_t> takeUntil(const std::vector<std::size_t>& order, int64_t want,
                                   const std::function<int64_t(std::size_t)>& size);

// `starts`: ascending document starts in `stream` (the first at 0); each document runs to the
// next start or the end of the stream.
DocumentSample sampleDocuments(const uint16_t* stream, int64_t size,
                               const std::vector<int64_t>& starts, double fraction, uint64_t seed);

} // namespace rs
