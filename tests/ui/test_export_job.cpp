// Exporting every figure in the background (ui/figures/figure_export_job).
#include "fake_experiment.h"
#include "ui/figures/figure_export_job.h"
#include "ui/main_window.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <fstream>

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
