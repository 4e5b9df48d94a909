#include "core/store/metric_record.h"
#include "core/store/run_dir.h"
#include "core/store/surgery_record.h"
#include "core/util/files.h"

#include "test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

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
    for (const auto& e : fs::directory_iterator(rd.root())) { // no temporary file left
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
    }
}

TEST(Store, MetricsReaderSkipsATornLastLine) {
    rs::RunDir rd(rs::test::freshDir("metrics"));
    rd.create();
    rd.appendMetric(rs::TrainRecord{1, 64, 5.0, 1000.0, 2});
    rd.appendMetric(rs::TrainRecord{2, 128, 4.5, 1000.0, 2});
    std::ofstream(rd.metricsJsonl(), std::ios::app) << "{\"kind\": \"tra"; // killed mid-write
    auto m = rd.readMetrics();
    ASSERT_EQ(m.size(), 2u);
    ASSERT_TRUE(std::holds_alternative<rs::TrainRecord>(m[1]));
    EXPECT_EQ(std::get<rs::TrainRecord>(m[1]).step, 2);
    EXPECT_DOUBLE_EQ(std::get<rs::TrainRecord>(m[1]).loss, 4.5);
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

TEST(Store, LayoutNamesEveryFileAndParsesItsOwnNames) {
    const rs::RunLayout run("/x/A1-s0");
    EXPECT_EQ(run.name(), "A1-s0");
    EXPECT_EQ(run.checkpointPath(1024).filename(), "ckpt-000000001024.pt");
    EXPECT_EQ(run.resumeCheckpoint(), fs::path("/x/A1-s0/checkpoints/resume.pt"));
    EXPECT_EQ(run.probeSummary(1024), fs::path("/x/A1-s0/probes/ckpt-000000001024/summary.json"));
    EXPECT_EQ(run.probeArray(0, "gamma_k").filename(), "gamma_k.npy");
    EXPECT_EQ(run.sweepCsv(1024), fs::path("/x/A1-s0/surgery/ckpt-1024-sweep.csv"));
    // Every name the layout writes, it reads back; other names are not its own.
    EXPECT_EQ(rs::RunLayout::checkpointTokens(run.checkpointPath(1024).filename().string()), 1024);
    EXPECT_FALSE(rs::RunLayout::checkpointTokens("resume.pt"));
    EXPECT_EQ(rs::RunLayout::probeTokens(run.probeDir(77).filename().string()), 77);
    EXPECT_FALSE(rs::RunLayout::probeTokens("ckpt-12"));
    const auto sweep = rs::RunLayout::surgeryFile(run.sweepCsv(40960).filename().string());
    ASSERT_TRUE(sweep);
    EXPECT_EQ(sweep->kind, rs::RunLayout::SurgeryFile::Sweep);
    EXPECT_EQ(sweep->tokens, 40960);
    const auto abl = rs::RunLayout::surgeryFile(run.ablationCsv(5).filename().string());
    ASSERT_TRUE(abl);
    EXPECT_EQ(abl->kind, rs::RunLayout::SurgeryFile::Ablation);
    EXPECT_FALSE(rs::RunLayout::surgeryFile(run.partialSweepCsv(5).filename().string()));
    EXPECT_FALSE(rs::RunLayout::surgeryFile("ckpt-x-sweep.csv"));
}

TEST(Store, SurgeryCsvsRoundTripAndAreReadByColumnName) {
    const auto dir = rs::test::freshDir("surgery-records");
    const rs::RunLayout run(dir);
    rs::SurgeryAblation a{2048,
                          {{0, 1, 3, 0.25, 4.5, 0.125, 2048}, {1, 0, 0, NAN, 4.0, -0.5, 2048}}};
    rs::writeAblationCsv(run.ablationCsv(2048), run.name(), a);
    const auto back = rs::readAblationCsv(run.ablationCsv(2048));
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].dim, 3);
    EXPECT_DOUBLE_EQ(back[0].gamma, 0.25);
    EXPECT_DOUBLE_EQ(back[0].delta, 0.125);
    EXPECT_TRUE(std::isnan(back[1].gamma)); // no QK-Norm: an empty cell
    EXPECT_EQ(back[1].tokens, 2048);
    // Columns in another order, an extra column, a torn last line and an unknown strategy.
    std::ofstream(run.sweepCsv(1024)) << "strategy,extra,fraction,draw,loss,ppl,acc,run\n"
                                         "svd,x,0.5,0,3.5,33.1,0.25,A1-s0\n"
                                         "pca,x,0.5,0,3.5,33.1,0.25,A1-s0\n"
                                         "random,x,0.5,2,3.75";
    const auto files = rs::readSurgeryFiles(run);
    ASSERT_EQ(files.sweeps.size(), 1u);
    ASSERT_EQ(files.sweeps[0].rows.size(), 1u);
    EXPECT_EQ(files.sweeps[0].checkpoint, 1024);
    EXPECT_EQ(files.sweeps[0].rows[0].strategy, rs::Strategy::Svd);
    EXPECT_DOUBLE_EQ(files.sweeps[0].rows[0].acc, 0.25);
    ASSERT_EQ(files.ablations.size(), 1u);
    EXPECT_EQ(files.ablations[0].checkpoint, 2048);
}

TEST(Store, SelectsCheckpointsByNameAndListsThePresentOnesOnAMiss) {
    rs::RunDir rd(rs::test::freshDir("select"));
    rd.create();
    EXPECT_THROW(rd.selectCheckpoints("last"), rs::UserError); // none yet
    for (int64_t t : {0, 1024}) {
        std::ofstream(rd.checkpointPath(t)) << "x";
    }
    EXPECT_EQ(rd.selectCheckpoints("last"), (std::vector<int64_t>{1024}));
    EXPECT_EQ(rd.selectCheckpoints("all"), (std::vector<int64_t>{0, 1024}));
    try {
        rd.selectCheckpoints("512");
        ADD_FAILURE() << "a missing checkpoint must be refused";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("[0,1024]"), std::string::npos) << e.what();
    }
}

TEST(Store, EveryMetricRecordRoundTripsThroughItsLine) {
    const std::vector<rs::MetricRecord> records = {
        rs::TrainRecord{10, 640, 4.25, 1234.5, 2},
        rs::CheckpointRecord{0, 0, 6.25, std::nullopt},
        rs::CheckpointRecord{10, 640, 5.5, 5.75},
        rs::ProbeRecord{640, false, rs::Json{{"k", {{"normed", 3.5}}}}, 0.25},
        rs::ThreadsRecord{12, 768, 2, 1, "another process is busy"},
        rs::ResumeRecord{6, 384},
        rs::DivergedRecord{30, 1920},
        rs::EndRecord{"done", 40, 12.5}};
    for (const auto& r : records) {
        const auto line = rs::toJson(r);
        EXPECT_EQ(line["kind"], rs::kindOf(r));
        const auto back = rs::metricRecordFromJson(rs::Json::parse(line.dump()));
        ASSERT_TRUE(back) << line.dump();
        EXPECT_EQ(rs::toJson(*back), line) << line.dump();
    }
    const auto nan_loss = rs::toJson(rs::TrainRecord{1, 64, NAN, 0.0, 1});
    EXPECT_TRUE(nan_loss["loss"].is_null()); // JSON has no NaN
    EXPECT_FALSE(rs::metricRecordFromJson({{"kind", "from_a_newer_version"}}));
}
