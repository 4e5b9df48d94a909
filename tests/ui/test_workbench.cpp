// The workbench at laptop sizes and its research features (smoothing, grouping, heatmap,
// linked views, theme, language, drop to open).
#include "fake_experiment.h"
#include "ui/main_window.h"
#include "ui/runs/experiment_store.h"
#include "ui/views/figure_view.h"
#include "ui/window_layout.h"

#include <QDockWidget>
#include <QTabWidget>

#include <gtest/gtest.h>

namespace {

QString widest(QWidget* root) {
    QString out;
    for (auto* w : root->findChildren<QWidget*>()) {
        if (w->isVisibleTo(root) && w->minimumSizeHint().width() > 500) {
            out += QStringLiteral("%1 %2: %3x%4\n")
                       .arg(QString::fromUtf8(w->metaObject()->className()), w->objectName())
                       .arg(w->minimumSizeHint().width())
                       .arg(w->minimumSizeHint().height());
        }
    }
    return out;
}

} // namespace

TEST(Workbench, TheWindowFitsA1280x720Screen) {
    rsui::MainWindow w;
    ASSERT_TRUE(
        w.openExperiment(QString::fromStdString(rsui::test::fakeExperiment("fit").string())));
    w.show();
    for (const QRect screen : {QRect(0, 0, 1280, 720), QRect(0, 0, 1920, 1080)}) {
        w.layoutForScreen(screen); // compact and wide dock layouts
        const QSize min = w.minimumSizeHint().expandedTo(w.minimumSize());
        EXPECT_LE(min.width(), 1280) << widest(&w).toStdString();
        EXPECT_LE(min.height(), 720) << widest(&w).toStdString();
    }
}

TEST(Workbench, TheDefaultLayoutFollowsTheScreen) {
    rsui::MainWindow w;
    const QRect laptop(0, 0, 1366, 768 - 32);
    w.layoutForScreen(laptop);
    EXPECT_LE(w.width(), laptop.width());
    EXPECT_LE(w.height(), laptop.height());
    // Small screen: the surgery panel is a tab beside the runs table.
    EXPECT_TRUE(w.tabifiedDockWidgets(w.runsDock()).contains(w.surgeryDock()));
    const QRect desktop(0, 0, 1920, 1080 - 32);
    w.layoutForScreen(desktop);
    EXPECT_EQ(w.size(), QSize(1500, 950));
    EXPECT_EQ(w.dockWidgetArea(w.surgeryDock()), Qt::RightDockWidgetArea);
    EXPECT_FALSE(w.tabifiedDockWidgets(w.runsDock()).contains(w.surgeryDock()));
}

TEST(Workbench, AWindowSavedOnALargerScreenIsNotRestored) {
    rsui::MainWindow big;
    big.layoutForScreen(QRect(0, 0, 2560, 1440));
    big.resize(2400, 1300);
    const QByteArray geometry = big.saveGeometry(), state = big.saveState();
    rsui::MainWindow w;
    const QRect laptop(0, 0, 1366, 736);
    EXPECT_FALSE(rsui::restoreLayoutIfFits(w, geometry, state, laptop));
    EXPECT_LE(w.width(), 1366);
    big.resize(1200, 700);
    EXPECT_TRUE(rsui::restoreLayoutIfFits(w, big.saveGeometry(), big.saveState(), laptop));
    EXPECT_EQ(w.size(), QSize(1200, 700));
}
