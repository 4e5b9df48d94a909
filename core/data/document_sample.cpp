#include "core/data/document_sample.h"
#include "core/util/error.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace rs {

std::vector<std::size_t> seededOrder(std::size_t n, uint64_t seed) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::mt19937_64 rng(seed);
    for (std::size_t i = order.size(); i > 1; --i) {
        std::swap(order[i - 1], order[std::size_t(rng() % i)]);
    }
    return order;
}

std::vector<std::size_t> takeUntil(const std::vector<std::size_t>& order, int64_t want,
                                   const std::function<int64_t(std::size_t)>& size) {
    std::vector<std::size_t> keep;
    int64_t held = 0;
    for (std::size_t i : order) {
        if (held >= want) {
            break;
        }
        keep.push_back(i);
        held += size(i);
    }
    std::sort(keep.begin(), keep.end());
    return keep;
}

DocumentSample sampleDocuments(const uint16_t* stream, int64_t size,
                               const std::vector<int64_t>& starts, double fraction, uint64_t seed) {
    if (starts.empty() || starts.front() != 0 || !std::is_sorted(starts.begin(), starts.end()) ||
        starts.back() >= size) {
        throw UserError("the training split's document index does not match its tokens; "
                        "prepare the data folder again (`rankscope-cli data prepare`)");
    }
    const auto end = [&](size_t d) { return d + 1 < starts.size() ? starts[d + 1] : size; };
    const auto order = seededOrder(starts.size(), seed ^ 0x5A5A'D0C5'0000'0001ULL);
    const auto keep = takeUntil(order, int64_t(fraction * double(size)),
                                [&](size_t d) { return end(d) - starts[d]; });
    int64_t held = 0;
    for (size_t d : keep) {
        held += end(d) - starts[d];
    }
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
