#include "store/run_dir.h"
#include "util/files.h"

#include "test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {} // namespace

TEST(Store, StatusRoundTripsAndIsReplacedAtomically) {
    rs::RunDir rd(rs::test::freshDir("status"));
    rd.create();
    rs::RunStatus s;
    s.state = rs::RunState::Running;
    s.tokens_done = 1234;
    s.token_budget = 5000;
    rd.writeStatus(s);
    s.state = rs::RunState::Diverged;
    s.last_error = "loss became NaN";
    rd.writeStatus(s);
    auto back = rd.readStatus();
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->state, rs::RunState::Diverged);
    EXPECT_EQ(back->tokens_done, 1234);
    EXPECT_EQ(back->last_error, "loss became NaN");
    EXPECT_FALSE(fs::exists(rd.statusJson().string() + ".tmp"));
}

TEST(Store, MetricsReaderSkipsATornLastLine) {
    rs::RunDir rd(rs::test::freshDir("metrics"));
    rd.create();
    rd.appendMetric({{"kind", "train"}, {"step", 1}, {"loss", 5.0}});
    rd.appendMetric({{"kind", "train"}, {"step", 2}, {"loss", 4.5}});
    std::ofstream(rd.metricsJsonl(), std::ios::app) << "{\"kind\": \"tra"; // killed mid-write
    auto m = rd.readMetrics();
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[1]["step"], 2);
    EXPECT_DOUBLE_EQ(m[1]["loss"].get<double>(), 4.5);
}

TEST(Store, ListsCheckpointsByTokenMark) {
    rs::RunDir rd(rs::test::freshDir("ckpts"));
    rd.create();
    for (int64_t t : {2048, 0, 1024}) {
        std::ofstream(rd.checkpointPath(t)) << "x";
    }
    std::ofstream(rd.checkpointDir() / "resume.pt") << "x";
    EXPECT_EQ(rd.checkpoints(), (std::vector<int64_t>{0, 1024, 2048}));
}
