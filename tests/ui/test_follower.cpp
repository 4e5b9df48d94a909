// Following a run folder as it grows (core/store/follower) and the experiment store's background
// polls (ui/runs/experiment_store).
#include "fake_experiment.h"
#include "core/store/experiment.h"
#include "core/util/files.h"
#include "ui/runs/experiment_store.h"

#include <QCoreApplication>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <fstream>

TEST(Follower, BackgroundPollsPublishNewRunsWithoutBlocking) {
    const auto dir = rsui::test::fakeExperiment("background-poll");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0, 1000000}, {3.0, 2.5}, {5, 4}});
    rsui::ExperimentStore store;
    store.open(QString::fromStdString(dir.string()));
    ASSERT_EQ(store.runs().size(), 1u);
    rsui::test::writeFakeRun(dir, {"A2-s0", "A2", false, {0}, {3.0}, {5}});
    QSignalSpy changed(&store, &rsui::ExperimentStore::changed);
    store.pollSoon();
    EXPECT_EQ(store.runs().size(), 1u); // nothing is published until the worker is done
    ASSERT_TRUE(changed.wait(10000));
    EXPECT_EQ(store.runs().size(), 2u);
    EXPECT_NE(store.run("A2-s0"), nullptr);
}

TEST(Follower, ASynchronousPollAfterABackgroundOneSeesEverythingAndStaysCurrent) {
    const auto dir = rsui::test::fakeExperiment("poll-order");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0}, {3.0}, {5}});
    rsui::ExperimentStore store;
    store.open(QString::fromStdString(dir.string()));
    rsui::test::writeFakeRun(dir, {"A2-s0", "A2", false, {0}, {3.0}, {5}});
    store.pollSoon(); // reads A2 on the worker...
    store.poll();     // ...and this poll, here, must still show it at once
    EXPECT_EQ(store.runs().size(), 2u);
    rsui::test::writeFakeRun(dir, {"B1-s0", "B1", true, {0}, {3.0}, {5}});
    store.poll();
    QCoreApplication::processEvents(); // the background result, older, must not come back
    EXPECT_EQ(store.runs().size(), 3u);
    store.close();
    EXPECT_TRUE(store.runs().empty());
}

TEST(Follower, TornLinesWaitAndResumesDropReplayedRecords) {
    const auto exp = rsui::test::fakeExperiment("follower");
    rsui::test::writeFakeRun(exp, {"A1-s0", "A1", true, {0, 100}, {3.0, 2.0}, {5, 4}});
    rs::RunFollower f(exp / "A1-s0");
    EXPECT_TRUE(f.poll());
    EXPECT_EQ(f.snapshot().probes.size(), 2u);
    EXPECT_EQ(f.snapshot().val_loss.size(), 2u);
    EXPECT_FALSE(f.poll()); // nothing new
    rs::appendLine(exp / "A1-s0" / "metrics.jsonl", R"({"kind":"resume","tokens":0})");
    std::ofstream(exp / "A1-s0" / "metrics.jsonl", std::ios::app) << R"({"kind":"checkpoint")";
    EXPECT_TRUE(f.poll());
    EXPECT_EQ(f.snapshot().val_loss.size(), 1u); // the record after token 0 is replayed later
    std::ofstream(exp / "A1-s0" / "metrics.jsonl", std::ios::app)
        << R"(,"tokens":100,"val_loss":3.9})"
        << "\n";
    EXPECT_TRUE(f.poll());
    ASSERT_EQ(f.snapshot().val_loss.size(), 2u);
    EXPECT_DOUBLE_EQ(f.snapshot().val_loss[1].value, 3.9);
}
