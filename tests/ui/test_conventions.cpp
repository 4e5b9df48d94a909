// The GUI by desktop convention: the folder followed off the GUI thread, the View menu, About
// Qt, shortcuts, the window icon and the notification when a run ends in the background.
#include "fake_experiment.h"
#include "core/store/run_dir.h"
#include "ui/app_icon.h"
#include "ui/figures/figure_export_job.h"
#include "ui/main_window.h"
#include "ui/runs/experiment_store.h"
#include "ui/training/run_queue.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QThread>

#include <gtest/gtest.h>

#include <fstream>

namespace {

QAction* menuAction(QMenuBar* bar, const QString& menu, const QString& text) {
    for (auto* m : bar->findChildren<QMenu*>()) {
        if (m->title().remove('&') != menu) {
            continue;
        }
        for (auto* a : m->actions()) {
            if (a->text().remove('&') == text) {
                return a;
            }
        }
    }
    return nullptr;
}

} // namespace

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

TEST(MainWindow, ViewMenuShortcutsAboutQtAndIcon) {
    rsui::MainWindow w;
    auto* bar = w.menuBar();
    auto* runsDock = menuAction(bar, "View", "Runs");
    auto* surgeryDock = menuAction(bar, "View", "Surgery");
    ASSERT_NE(runsDock, nullptr);
    ASSERT_NE(surgeryDock, nullptr);
    EXPECT_TRUE(runsDock->isCheckable());
    ASSERT_NE(menuAction(bar, "View", "Main"), nullptr); // the toolbar
    ASSERT_NE(menuAction(bar, "Help", "About Qt"), nullptr);
    const auto* exportAll = menuAction(bar, "File", "Export all figures…");
    const auto* report = menuAction(bar, "File", "Report…");
    const auto* cancel = menuAction(bar, "Runs", "Cancel run");
    ASSERT_TRUE(exportAll && report && cancel);
    EXPECT_EQ(exportAll->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    EXPECT_EQ(report->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    EXPECT_EQ(cancel->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Period));
    // The icon is RankScope's own, drawable at the sizes desktops ask for.
    const QIcon icon = rsui::applicationIcon();
    ASSERT_FALSE(icon.isNull());
    EXPECT_FALSE(icon.pixmap(64, 64).isNull());
}

TEST(MainWindow, ARunEndingInTheBackgroundIsNotified) {
    rsui::MainWindow w; // not shown, so not the active window
    QMetaObject::invokeMethod(w.queue(), "runFinished", Q_ARG(QString, QStringLiteral("A1-s0")),
                              Q_ARG(int, int(rs::RunState::Diverged)),
                              Q_ARG(QString, QStringLiteral("loss is NaN at step 6")));
    EXPECT_EQ(w.lastNotification().toStdString(), "A1-s0 failed: loss is NaN at step 6");
    QMetaObject::invokeMethod(w.queue(), "runFinished", Q_ARG(QString, QStringLiteral("A2-s0")),
                              Q_ARG(int, int(rs::RunState::Done)), Q_ARG(QString, QString()));
    EXPECT_EQ(w.lastNotification().toStdString(), "A2-s0 finished");
}

TEST(Export, ExportAllFiguresInTheBackgroundWritesWhatTheSynchronousExportWrites) {
    const auto dir = rsui::test::fakeExperiment("export-job");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0, 1000000}, {3.0, 2.5}, {5, 4}});
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(dir.string())));
    const QString sync = QString::fromStdString((dir / "sync").string());
    const QString background = QString::fromStdString((dir / "background").string());
    const auto expected = w.exportAllFigures(sync);
    auto* job = w.startFigureExport(background);
    QSignalSpy finished(job, &rsui::FigureExportJob::finished);
    QSignalSpy progress(job, &rsui::FigureExportJob::progress);
    ASSERT_TRUE(finished.wait(60000));
    const auto files = finished.front().at(0).toStringList();
    EXPECT_TRUE(finished.front().at(1).toString().isEmpty());
    ASSERT_EQ(files.size(), expected.size());
    EXPECT_EQ(progress.size() * 3, files.size()); // one drawing turn per figure
    for (const auto& f : expected) {
        const QString name = QFileInfo(f).fileName();
        EXPECT_TRUE(files.contains(background + "/" + name)) << name.toStdString();
        if (name.endsWith(".csv")) {
            QFile a(f), b(background + "/" + name);
            ASSERT_TRUE(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            EXPECT_EQ(a.readAll(), b.readAll()) << name.toStdString();
        }
    }
}

TEST(Export, AnUnwritableFolderEndsTheBackgroundExportWithTheError) {
    const auto dir = rsui::test::fakeExperiment("export-job-fail");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0, 1000000}, {3.0, 2.5}, {5, 4}});
    const auto blocker = dir / "a-file";
    { std::ofstream(blocker) << "x"; }
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(dir.string())));
    auto* job = w.startFigureExport(QString::fromStdString((blocker / "figures").string()));
    QSignalSpy finished(job, &rsui::FigureExportJob::finished);
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_TRUE(finished.front().at(1).toString().contains("cannot create folder"));
}
