// The workbench at laptop sizes and its research features (smoothing, grouping, heatmap,
// linked views, theme, language, drop to open).
#include "fake_experiment.h"
#include "ui/main_window.h"
#include "ui/figures/figure_builder.h"
#include "ui/figures/smoothing.h"
#include "ui/runs/experiment_store.h"
#include "core/store/experiment.h"
#include "ui/views/figure_view.h"
#include "ui/window_layout.h"

#include <QDockWidget>
#include <QSlider>
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

TEST(Workbench, EmaSmoothingMatchesAHandComputation) {
    // w = 0.5: a = 0.5, 1.75, 3.375; debiased by 1 - 0.5^n = 0.5, 0.75, 0.875.
    const QList<QPointF> raw{{0, 1}, {1, 3}, {2, 5}};
    const auto s = rsui::emaSmooth(raw, 0.5);
    ASSERT_EQ(s.size(), 3);
    EXPECT_DOUBLE_EQ(s[0].y(), 1.0);
    EXPECT_DOUBLE_EQ(s[1].y(), 1.75 / 0.75);
    EXPECT_DOUBLE_EQ(s[2].y(), 3.375 / 0.875);
    EXPECT_EQ(s[2].x(), 2.0);
    EXPECT_EQ(rsui::emaSmooth(raw, 0.0), raw);
    // A NaN is kept in place and does not enter the average.
    const auto n = rsui::emaSmooth({{0, 1}, {1, qQNaN()}, {2, 3}}, 0.5);
    EXPECT_TRUE(std::isnan(n[1].y()));
    EXPECT_DOUBLE_EQ(n[2].y(), 1.75 / 0.75);
}

TEST(Workbench, LossFigureDrawsTheRawCurveFaintUnderTheSmoothedOne) {
    const auto exp = rsui::test::fakeExperiment("smooth");
    rsui::test::writeFakeRun(exp, {"A1-s0", "A1", true, {0, 1000, 2000}, {16, 12, 9}, {5, 4, 3}});
    rs::ExperimentFollower follower(exp);
    follower.poll();
    const rsui::Runs runs = follower.runs();
    rsui::FigureOptions o;
    o.logY = false;
    o.smoothing = 0.5;
    const auto f = rsui::Figures::loss(runs, o);
    const rsui::PlotSeries *raw = nullptr, *smooth = nullptr;
    for (const auto& s : f.series) {
        raw = s.name == "A1-s0 train (raw)" ? &s : raw;
        smooth = s.name == "A1-s0 train" ? &s : smooth;
    }
    ASSERT_TRUE(raw && smooth);
    EXPECT_FALSE(raw->legend);
    EXPECT_LT(raw->color.alpha(), 255);
    ASSERT_EQ(smooth->points.size(), 3); // train loss = val + 0.1: 5.1, 4.1, 3.1
    EXPECT_NEAR(smooth->points[1].y(), (0.25 * 5.1 + 0.5 * 4.1) / 0.75, 1e-12);
    o.logY = true;
    EXPECT_TRUE(rsui::Figures::loss(runs, o).logY);
}
