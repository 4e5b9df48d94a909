#include "core/data/experiment_data.h"
#include "core/data/synthetic_corpus.h"
#include "core/data/token_source.h"
#include "core/train/batcher.h"
#include "core/util/error.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace {

double unigramEntropy(const std::vector<uint16_t>& t) {
    std::map<uint16_t, double> counts;
    for (auto x : t) {
        counts[x] += 1;
    }
    double h = 0;
    for (auto& [_, c] : counts) {
        double p = c / double(t.size());
        h -= p * std::log2(p);
    }
    return h;
}

std::string errorOf(const fs::path& p) {
    try {
        rs::TokenFile f(p);
    } catch (const rs::UserError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(Data, SyntheticCorpusIsDeterministicAndOrderedByComplexity) {
    rs::SyntheticSpec simple{rs::DataVariant::Simple, 2048, 1234};
    rs::SyntheticSpec complex{rs::DataVariant::Complex, 2048, 1234};
    auto a = rs::generateSynthetic(simple, 50000, 1);
    EXPECT_EQ(a, rs::generateSynthetic(simple, 50000, 1));
    EXPECT_NE(a, rs::generateSynthetic(simple, 50000, 2));
    auto c = rs::generateSynthetic(complex, 50000, 1);
    auto s = rs::generateSynthetic({rs::DataVariant::Standard, 2048, 1234}, 50000, 1);
    ASSERT_EQ(a.size(), 50000u);
    for (auto x : c) {
        ASSERT_LT(x, 2048);
    }
    const double hs = unigramEntropy(a), hm = unigramEntropy(s), hc = unigramEntropy(c);
    EXPECT_LT(hs + 1.0, hc) << "simple " << hs << " complex " << hc;
    EXPECT_GT(hm, hs);
    EXPECT_LT(hm, hc + 0.5);
    // The within-genre controls exist only in prepared corpora.
    EXPECT_THROW(rs::generateSynthetic({rs::DataVariant::ProseSimple, 2048, 1}, 10, 1),
                 rs::ConfigError);
}

TEST(Data, TokenFileRoundTripsAndDetectsCorruption) {
    auto dir = fs::temp_directory_path() / "rankscope-test-tokens";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<uint16_t> tokens = {1, 2, 3, 65535, 7, 0, 42};
    auto path = dir / "a.tok";
    rs::TokenFile::write(path, tokens, 65536);
    {
        rs::TokenFile f(path);
        ASSERT_EQ(f.size(), 7);
        EXPECT_EQ(f.data()[3], 65535);
        EXPECT_EQ(f.vocabSize(), 65536u);
    }
    {
        std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(32 + 4); // flip a byte of the payload
        io.put(char(0x55));
    }
    EXPECT_NE(errorOf(path).find("checksum"), std::string::npos) << errorOf(path);
    rs::TokenFile::write(path, tokens, 65536);
    fs::resize_file(path, fs::file_size(path) - 2);
    EXPECT_NE(errorOf(path).find("truncated"), std::string::npos) << errorOf(path);
    EXPECT_NE(errorOf(dir / "missing.tok").find("cannot open"), std::string::npos);
    std::ofstream(dir / "junk.tok") << std::string(40, 'x');
    EXPECT_NE(errorOf(dir / "junk.tok").find("bad magic"), std::string::npos);
}

TEST(Data, BatcherServesDisjointShiftedWindowsDeterministically) {
    std::vector<uint16_t> t(1000);
    for (size_t i = 0; i < t.size(); ++i) {
        t[i] = uint16_t(i);
    }
    rs::MemoryTokenSource src(t);
    rs::Batcher b(src, 10, 4, 99);
    EXPECT_EQ(b.windows(), 99);
    EXPECT_EQ(b.stepsPerEpoch(), 24);
    std::set<int64_t> starts;
    for (int64_t step = 0; step < b.stepsPerEpoch(); ++step) {
        at::Tensor x, y;
        b.batch(step, x, y);
        ASSERT_EQ(x.sizes(), (std::vector<int64_t>{4, 10}));
        EXPECT_TRUE(torch::equal(y, x + 1)); // target is the next token
        for (int64_t r = 0; r < 4; ++r) {
            starts.insert(x[r][0].item<int64_t>());
        }
    }
    EXPECT_EQ(starts.size(), 96u); // no window reused within the epoch
    rs::Batcher again(src, 10, 4, 99);
    at::Tensor x1, y1, x2, y2;
    b.batch(5, x1, y1);
    again.batch(5, x2, y2);
    EXPECT_TRUE(torch::equal(x1, x2));
    EXPECT_THROW(b.batch(24, x1, y1), rs::UserError);
}

TEST(Batcher, SpreadWindowsCoverTheWholeStream) {
    // 10 windows of 8 over 1001 tokens: one per stretch of 100, each inside its stretch.
    const auto starts = rs::spreadWindowStarts(1001, 8, 80, 5);
    ASSERT_EQ(starts.size(), 10u);
    for (size_t i = 0; i < starts.size(); ++i) {
        EXPECT_GE(starts[i], int64_t(i) * 100);
        EXPECT_LE(starts[i] + 8, int64_t(i + 1) * 100);
    }
    EXPECT_EQ(starts, rs::spreadWindowStarts(1001, 8, 80, 5)); // seeded
    // A stream of exactly n windows: consecutive, as reading its head would give.
    EXPECT_EQ(rs::spreadWindowStarts(33, 8, 32, 1), (std::vector<int64_t>{0, 8, 16, 24}));
    std::vector<uint16_t> ids(1001);
    for (size_t i = 0; i < ids.size(); ++i) {
        ids[i] = uint16_t(i % 997);
    }
    rs::MemoryTokenSource src(ids, "ramp");
    at::Tensor x, y;
    const auto used = rs::spreadWindows(src, 8, 80, 5, x, y);
    EXPECT_EQ(x.size(0), 10);
    EXPECT_EQ(x[3][0].item<int64_t>(), int64_t(ids[size_t(used[3])]));
    EXPECT_EQ(y[3][0].item<int64_t>(), int64_t(ids[size_t(used[3]) + 1]));
    // Per-source counts of windows from the manifest's ranges.
    const auto ranges = nlohmann::json::parse(
        R"([{"source":"a","begin":0,"end":500},{"source":"b","begin":500,"end":1001}])");
    const auto counts = rs::tokensBySource(ranges, used, 9);
    EXPECT_EQ(counts["a"].get<int64_t>() + counts["b"].get<int64_t>(), 90);
    EXPECT_EQ(counts["a"].get<int64_t>(), 45);
}
