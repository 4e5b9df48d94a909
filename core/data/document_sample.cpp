#include "core/data/document_sample.h"
#include "core/util/error.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace rs {

DocumentSample sampleDocuments(const uint16_t* stream, int64_t size,
                               const std::vector<int64_t>& starts, double fraction,
                               uint64_t seed) {
    if (starts.empty() || starts.front() != 0 || !std::is_sorted(starts.begin(), starts.end()) ||
        starts.back() >= size) {
        throw UserError("the training split's document index does not match its tokens; "
                        "prepare the data folder again (`rankscope-cli data prepare`)");
    }
    const auto end = [&](size_t d) { return d + 1 < starts.size() ? starts[d + 1] : size; };
    std::vector<size_t> order(starts.size());
    std::iota(order.begin(), order.end(), size_t(0));
    // A seeded Fisher-Yates shuffle of our own: std::shuffle's draws differ between libraries.
    std::mt19937_64 rng(seed ^ 0x5A5A'D0C5'0000'0001ULL);
    for (size_t i = order.size(); i > 1; --i) {
        std::swap(order[i - 1], order[size_t(rng() % i)]);
    }
    const auto want = int64_t(fraction * double(size));
    std::vector<size_t> keep;
    int64_t held = 0;
    for (size_t d : order) {
        if (held >= want) {
            break;
        }
        keep.push_back(d);
        held += end(d) - starts[d];
    }
    std::sort(keep.begin(), keep.end());
    DocumentSample s;
    s.seed = seed;
    s.kept = keep;
    s.documents = int64_t(keep.size());
    s.of_documents = int64_t(starts.size());
    s.tokens.reserve(size_t(held));
    for (size_t d : keep) {
        s.tokens.insert(s.tokens.end(), stream + starts[d], stream + end(d));
    }
    return s;
}

} // namespace rs
