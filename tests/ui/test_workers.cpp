#include "fake_experiment.h"
#include "ui/figures/chart_binding.h"
#include "ui/main_window.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_table_model.h"
#include "core/store/experiment.h"
#include "core/store/run_dir.h"
#include "core/store/run_layout.h"
#include "ui/surgery/surgery_panel.h"
#include "ui/surgery/surgery_worker.h"
#include "ui/training/run_queue.h"
#include "ui/views/figure_view.h"

#include <QApplication>
#include <QDir>
#include <QXYSeries>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSlider>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;

namespace {

// Runs the event loop until `done` or the timeout; returns whether `done` became true.
bool spinUntil(const std::function<bool()>& done, int timeoutMs) {
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            loop.quit();
        }
    });
    poll.start(10);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

rs::RunConfig testRun() {
    auto cfg = rs::applyCell(rs::loadPreset("test"), rs::defaultMatrix()[0], 0);
    cfg.train.threads = 2;
    return cfg;
}

} // namespace

TEST(Training, WorkerSignalsArriveOnTheGuiThreadAndUpdateTheTable) {
    const auto dir = rsui::test::fakeExperiment("queue");
    const QString exp = QString::fromStdString(dir.string());
    rsui::RunQueue queue;
    rsui::ExperimentStore store;
    rsui::RunTableModel model;
    store.open(exp);
    QObject::connect(&store, &rsui::ExperimentStore::changed, [&] { model.setRuns(store.runs()); });
    QObject::connect(&queue, &rsui::RunQueue::progress, &model,
                     &rsui::RunTableModel::applyProgress);
    int progress = 0, checkpoints = 0, offThread = 0;
    int finishedState = -1;
    QObject::connect(&queue, &rsui::RunQueue::progress, [&](const rsui::RunProgressEvent&) {
        ++progress;
        offThread += QThread::currentThread() != qApp->thread();
    });
    QObject::connect(&queue, &rsui::RunQueue::checkpoint, [&](const rsui::RunCheckpointEvent& e) {
        ++checkpoints;
        offThread += QThread::currentThread() != qApp->thread();
        EXPECT_EQ(e.run, "A1-s0");
        store.poll();
    });
    QObject::connect(&queue, &rsui::RunQueue::runFinished,
                     [&](const QString& run, int state, const QString&) {
                         finishedState = state;
                         model.runFinished(run);
                     });
    queue.enqueue({testRun()}, exp);
    EXPECT_TRUE(queue.isActive("A1-s0"));
    ASSERT_TRUE(spinUntil([&] { return finishedState >= 0; }, 180000));
    EXPECT_EQ(finishedState, int(rs::RunState::Done));
    EXPECT_GT(progress, 0);
    EXPECT_GT(checkpoints, 2);
    EXPECT_EQ(offThread, 0);
    EXPECT_FALSE(queue.busy());
    store.poll();
    model.setRuns(store.runs());
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, rsui::RunTableModel::Status).data().toString().toStdString(), "done");
    EXPECT_NE(model.index(0, rsui::RunTableModel::KeyPR).data().toString(), "–");
}

TEST(Training, CancelIsPromptAndLeavesTheRunResumable) {
    const auto dir = rsui::test::fakeExperiment("cancel");
    const QString exp = QString::fromStdString(dir.string());
    rsui::RunQueue queue;
    auto cfg = testRun();
    cfg.train.token_budget *= 20; // long enough to be interrupted
    int finishedState = -1;
    bool sawProgress = false;
    QObject::connect(&queue, &rsui::RunQueue::progress,
                     [&](const rsui::RunProgressEvent&) { sawProgress = true; });
    QObject::connect(&queue, &rsui::RunQueue::runFinished,
                     [&](const QString&, int state, const QString&) { finishedState = state; });
    queue.enqueue({cfg}, exp);
    ASSERT_TRUE(spinUntil([&] { return sawProgress; }, 60000));
    QElapsedTimer t;
    t.start();
    queue.cancel("A1-s0"); // returns at once: the GUI never waits on the worker
    EXPECT_LT(t.elapsed(), 50);
    ASSERT_TRUE(spinUntil([&] { return finishedState >= 0; }, 30000));
    EXPECT_EQ(finishedState, int(rs::RunState::Cancelled));
    const auto status = rs::RunDir(dir / "A1-s0").readStatus();
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->state, rs::RunState::Cancelled);
}

TEST(SurgeryPanel, SliderTriggersAnEstimateThenTheFullReading) {
    const auto runDir = rsui::test::trainedTestRun("surgery-panel");
    rs::ExperimentFollower exp(runDir.parent_path());
    exp.poll();
    rsui::SurgeryPanel panel;
    panel.setRuns(exp.runs());
    ASSERT_EQ(panel.currentRun(), "A1-s0");
    std::vector<rsui::SurgeryReading> readings;
    QObject::connect(&panel, &rsui::SurgeryPanel::readingShown,
                     [&](const rsui::SurgeryReading& r) { readings.push_back(r); });
    panel.openSelected();
    ASSERT_TRUE(spinUntil([&] { return readings.size() >= 2; }, 60000)); // fraction 0
    EXPECT_TRUE(readings[0].subset);
    EXPECT_FALSE(readings[1].subset);
    EXPECT_DOUBLE_EQ(readings[1].fraction, 0.0);
    for (int i = 0; i < readings[1].strategies.size(); ++i) {
        EXPECT_DOUBLE_EQ(readings[1].loss[i], readings[1].unpruned); // nothing pruned
    }
    readings.clear();
    panel.slider()->setValue(50);
    ASSERT_TRUE(spinUntil([&] { return !readings.empty() && !readings.back().subset; }, 60000));
    const auto& full = readings.back();
    EXPECT_DOUBLE_EQ(full.fraction, 0.5);
    ASSERT_EQ(full.strategies, QList<rs::Strategy>({rs::Strategy::Gamma, rs::Strategy::Svd,
                                                    rs::Strategy::Random, rs::Strategy::Energy}));
    EXPECT_NE(full.loss[2], full.unpruned); // random pruning of half the keys changes the loss
    EXPECT_GT(full.spread[2], 0.0);
    EXPECT_TRUE(readings.front().subset); // the estimate came first
}

TEST(SurgeryPanel, SupersededPositionsAreDroppedAndTheReadoutWaitsForTheSlider) {
    const auto runDir = rsui::test::trainedTestRun("surgery-superseded");
    rs::ExperimentFollower exp(runDir.parent_path());
    exp.poll();
    const qint64 tokens = qint64(exp.runs().front()->checkpointTokens().back());
    // The worker alone, on this thread: what it computes for a request the hand has left.
    rsui::SurgeryWorker worker;
    std::vector<rsui::SurgeryReading> got;
    QObject::connect(&worker, &rsui::SurgeryWorker::reading,
                     [&](const rsui::SurgeryReading& r) { got.push_back(r); });
    worker.open(QString::fromStdString(runDir.string()), tokens, {});
    worker.latestRequest().store(2);
    worker.evaluate(1, 0.5, {rs::Strategy::Svd}); // overtaken before it started: nothing
    EXPECT_TRUE(got.empty());
    // Overtaken after its estimate: the full-set reading is stopped between chunks, not finished.
    worker.latestRequest().store(3);
    auto overtake =
        QObject::connect(&worker, &rsui::SurgeryWorker::reading,
                         [&](const rsui::SurgeryReading&) { worker.latestRequest().store(4); });
    worker.evaluate(3, 0.5, {rs::Strategy::Svd, rs::Strategy::Random});
    QObject::disconnect(overtake);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].subset);
    // The stopped evaluation was not cached as a result: asked again, it is computed in full.
    worker.evaluate(4, 0.5, {rs::Strategy::Svd});
    ASSERT_EQ(got.size(), 3u);
    EXPECT_FALSE(got[2].subset);
    EXPECT_GT(got[2].tokens, got[1].tokens);

    // The panel: while the handle is held only the label follows, the readout says computing.
    rsui::SurgeryPanel panel;
    panel.setRuns(exp.runs());
    std::vector<rsui::SurgeryReading> shown;
    QObject::connect(&panel, &rsui::SurgeryPanel::readingShown,
                     [&](const rsui::SurgeryReading& r) { shown.push_back(r); });
    panel.openSelected();
    ASSERT_TRUE(spinUntil([&] { return shown.size() >= 2; }, 60000));
    shown.clear();
    panel.slider()->setSliderDown(true);
    panel.slider()->setValue(40);
    EXPECT_TRUE(panel.readingPending());
    EXPECT_TRUE(panel.readoutText().contains("40 % pruned")) << panel.readoutText().toStdString();
    EXPECT_TRUE(panel.readoutText().contains("computing")) << panel.readoutText().toStdString();
    spinUntil([] { return false; }, 300);
    EXPECT_TRUE(shown.empty());           // nothing asked for while held
    panel.slider()->setSliderDown(false); // release: asks for 40 %
    panel.slider()->setSliderDown(true);  // and at once on to 70 %
    panel.slider()->setValue(70);
    panel.slider()->setSliderDown(false);
    ASSERT_TRUE(spinUntil([&] { return !shown.empty() && !shown.back().subset; }, 60000));
    for (const auto& r : shown) {
        EXPECT_DOUBLE_EQ(r.fraction, 0.7); // 40 % never reached the readout
    }
    EXPECT_FALSE(panel.readingPending());
    EXPECT_TRUE(panel.readoutText().contains("70 % pruned"));
    EXPECT_FALSE(panel.readoutText().contains("computing"));
    // A sweep on file is not replaced without asking; "no" keeps it.
    const auto sweepFile = rs::RunLayout(runDir).sweepCsv(panel.currentCheckpoint());
    fs::create_directories(sweepFile.parent_path());
    { std::ofstream(sweepFile) << "kept"; }
    int asked = 0;
    panel.setOverwriteQuestion([&](const QString& path) {
        ++asked;
        EXPECT_EQ(path.toStdString(), sweepFile.string());
        return false;
    });
    panel.sweep();
    EXPECT_EQ(asked, 1);
    EXPECT_FALSE(panel.sweeping());
    std::ifstream in(sweepFile);
    std::string kept;
    in >> kept;
    EXPECT_EQ(kept, "kept");
    fs::remove(sweepFile);
    // Another experiment: the panel forgets this one.
    panel.reset();
    EXPECT_FALSE(panel.sessionOpen());
    EXPECT_TRUE(panel.currentRun().isEmpty());
    EXPECT_FALSE(panel.slider()->isEnabled());
}

TEST(MainWindow, LaunchTrainsFollowsAndExportsTheFigures) {
    const auto dir = rsui::test::fakeExperiment("window");
    const QString exp = QString::fromStdString(dir.string());
    rsui::MainWindow w;
    w.show();
    bool idle = false;
    QObject::connect(w.queue(), &rsui::RunQueue::idle, [&] { idle = true; });
    w.launch({testRun()}, exp, false, 1);
    EXPECT_EQ(w.store()->dir(), QDir(exp).absolutePath()); // launching opens the experiment
    ASSERT_TRUE(spinUntil([&] { return idle; }, 180000));
    w.store()->poll();
    ASSERT_EQ(w.runModel()->rowCount(), 1);
    EXPECT_EQ(w.runModel()->index(0, rsui::RunTableModel::Status).data().toString().toStdString(),
              "done");
    // The trajectory tab shows one point per probed checkpoint of the run.
    const auto* run = w.store()->run("A1-s0");
    ASSERT_NE(run, nullptr);
    auto* trajectory = w.views().front();
    trajectory->redrawNow();
    auto* series = trajectory->binding()->series("A1-s0");
    ASSERT_NE(series, nullptr);
    EXPECT_EQ(series->points().size(), qsizetype(run->probes.size()));
    // The checkpoint scrubber knows every mark (plus "latest").
    EXPECT_EQ(w.checkpointSlider()->maximum(), int(run->probes.size()));
    const auto files = w.exportAllFigures(QString::fromStdString((dir / "figures").string()));
    EXPECT_EQ(files.size(), 24); // eight figures, each PNG, SVG and CSV
}
