// The workbench at laptop sizes and its research features (smoothing, grouping, heatmap,
// linked views, theme, language, drop to open).
#include "fake_experiment.h"
#include "ui/main_window.h"
#include "ui/figures/chart_binding.h"
#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_catalog.h"
#include "ui/figures/heatmap_item.h"
#include "ui/surgery/surgery_panel.h"
#include "ui/runs/column_chooser.h"
#include "ui/runs/config_diff_dialog.h"
#include "ui/runs/run_table_model.h"
#include "ui/figures/smoothing.h"
#include "ui/runs/experiment_store.h"
#include "core/store/experiment.h"
#include "ui/views/figure_view.h"
#include "ui/window_layout.h"
#include "ui/language.h"
#include "ui/theme.h"
#include "ui/figures/figure_export.h"
#include "ui/figures/named_view.h"
#include "core/util/error.h"

#include <QAction>

#include <array>
#include <cstdio>
#include <cmath>

#include <QDockWidget>
#include <QFile>
#include <QLineSeries>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSettings>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAccessible>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLineEdit>
#include <QFontMetricsF>
#include <QValueAxis>
#include <QScrollBar>
#include <QSlider>
#include <QTest>
#include <QUrl>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QTableView>
#include <QTableWidget>
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
        std::printf("minimum size in the %s layout: %dx%d\n",
                    screen.width() < rsui::kCompactLayoutWidth ? "compact" : "wide", min.width(),
                    min.height());
        EXPECT_LE(min.width(), 1280) << widest(&w).toStdString();
        EXPECT_LE(min.height(), 720) << widest(&w).toStdString();
    }
}

// Cancel and Resume follow the selected run: nothing selected or a finished run, neither; a
// cancelled run (not training here), Resume only.
TEST(Workbench, CancelAndResumeFollowTheSelectedRunsState) {
    const auto dir = rsui::test::fakeExperiment("run-actions");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0, 100}, {3.0, 2.0}, {5, 4}}, "done");
    rsui::test::writeFakeRun(dir, {"A2-s0", "A2", false, {0, 100}, {3.0, 2.5}, {5, 4.5}},
                             "cancelled");
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(dir.string())));
    EXPECT_FALSE(w.cancelAction()->isEnabled());
    EXPECT_FALSE(w.resumeAction()->isEnabled());
    w.linkTo("A1-s0", -1);
    ASSERT_EQ(w.selectedRuns(), QStringList{"A1-s0"});
    EXPECT_FALSE(w.cancelAction()->isEnabled()) << "finished";
    EXPECT_FALSE(w.resumeAction()->isEnabled()) << "finished";
    w.linkTo("A2-s0", -1);
    ASSERT_EQ(w.selectedRuns(), QStringList{"A2-s0"});
    EXPECT_FALSE(w.cancelAction()->isEnabled()) << "not training";
    EXPECT_TRUE(w.resumeAction()->isEnabled()) << "cancelled: resumable";
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

namespace {

// Two seeds of A1 and one of A2; key PR per mark as given for layer 0, +0.5 for layer 1, the
// same for both heads.
std::filesystem::path linkedExperiment(const std::string& name) {
    const auto exp = rsui::test::fakeExperiment(name);
    rsui::test::writeFakeRun(exp, {"A1-s0", "A1", true, {0, 1000, 4000}, {16, 12, 9}, {5, 4, 3}});
    rsui::test::writeFakeRun(exp, {"A1-s1", "A1", true, {0, 1000, 4000}, {14, 10, 7}, {5, 4, 3}});
    rsui::test::writeFakeRun(exp, {"A2-s0", "A2", true, {0, 2000}, {15, 6}, {5, 4}});
    return exp;
}

rsui::FigureView* viewOf(rsui::MainWindow& w, const QString& id) {
    for (auto* v : w.views()) {
        if (v->id() == id) {
            return v;
        }
    }
    return nullptr;
}

} // namespace

TEST(Workbench, HeatmapCsvEqualsTheProbeSummaries) {
    rs::ExperimentFollower follower(linkedExperiment("heat"));
    follower.poll();
    const rsui::Runs runs = follower.runs();
    rsui::FigureOptions o; // K after QK-Norm, PR, mean over heads; the first run: A1-s0
    auto f = rsui::Figures::heatmap(runs, o);
    ASSERT_TRUE(f.heat);
    EXPECT_EQ(f.run, "A1-s0");
    EXPECT_EQ(f.heat->columnTokens, (QList<qint64>{0, 1000, 4000}));
    EXPECT_EQ(f.heat->rowLabels.size(), 2); // two layers
    const QStringList lines = f.toCsv().trimmed().split('\n');
    ASSERT_EQ(lines.size(), 1 + 2 * 3);
    EXPECT_EQ(lines[0], "figure,panel,layer,tokens,value");
    EXPECT_EQ(lines[1], "heatmap,mean over heads,0,0,16");
    EXPECT_EQ(lines[3], "heatmap,mean over heads,0,4000,9");
    EXPECT_EQ(lines[6], "heatmap,mean over heads,1,4000,9.5");
    // The cell's seed mean: (16+14)/2, (12+10)/2, (9+7)/2; layer 1 half a dimension more.
    o.seedMean = true;
    f = rsui::Figures::heatmap(runs, o);
    EXPECT_EQ(f.heat->panels[0].values[0], (QList<double>{15, 11, 8}));
    EXPECT_EQ(f.heat->panels[0].values[1], (QList<double>{15.5, 11.5, 8.5}));
    EXPECT_TRUE(f.note.contains("A1")) << f.note.toStdString();
    // Small multiples: one panel per KV head, each equal to the probe's value.
    o.perHead = true;
    o.focusRun = "A2-s0";
    f = rsui::Figures::heatmap(runs, o);
    ASSERT_EQ(f.heat->panels.size(), 2);
    EXPECT_EQ(f.heat->panels[1].title, "head 1");
    EXPECT_EQ(f.heat->panels[1].values[0], (QList<double>{15, 6}));
    EXPECT_EQ(f.heat->range(), std::make_pair(6.0, 15.5));
}

TEST(Workbench, HeatmapHoverGivesTheExactValueAndAClickPicksTheCheckpoint) {
    rs::ExperimentFollower follower(linkedExperiment("heathover"));
    follower.poll();
    rsui::FigureView view(
        "heatmap", &rsui::Figures::heatmap, [&] { return follower.runs(); },
        rsui::ControlFocusRun | rsui::ControlSeedMean | rsui::ControlPerHead);
    view.resize(900, 600);
    view.show();
    view.redrawNow();
    QCoreApplication::processEvents();
    auto* item = view.binding()->heatmap();
    ASSERT_NE(item, nullptr);
    const QRectF area = item->boundingRect();
    // The last column of the bottom row: layer 1 at 4000 tokens.
    const QPointF probe(area.left() + area.width() * 0.6, area.bottom() - 40);
    const auto cell = item->cellAt(probe);
    ASSERT_GE(cell.panel, 0);
    const QString text = item->cellText(cell);
    EXPECT_TRUE(text.contains("PR") || text.contains("participation")) << text.toStdString();
    qint64 picked = -2;
    QString pickedRun;
    QObject::connect(&view, &rsui::FigureView::picked, [&](const QString& run, qint64 t) {
        pickedRun = run;
        picked = t;
    });
    view.binding()->clickAt(item->mapToParent(probe));
    EXPECT_EQ(pickedRun, "A1-s0");
    EXPECT_EQ(picked, view.figure().heat->columnTokens[cell.column]);
}

TEST(Workbench, AClickInTheTrajectoryMovesTheScrubberAndSelectsTheRun) {
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(linkedExperiment("link").string())));
    w.layoutForScreen(QRect(0, 0, 1920, 1080));
    w.show();
    auto* traj = viewOf(w, "trajectory");
    w.tabs()->setCurrentWidget(traj);
    traj->redrawNow();
    QCoreApplication::processEvents();
    // The A2-s0 point at 2000 tokens, where the chart draws it.
    auto* series = traj->binding()->series("A2-s0");
    ASSERT_NE(series, nullptr);
    const QPointF at = traj->binding()->chart()->mapToPosition(QPointF(2000, 6), series);
    // A real mouse click on the chart (not a drag): no zoom, the point is picked.
    auto* axis = qobject_cast<QValueAxis*>(traj->binding()->chart()->axes(Qt::Horizontal).front());
    ASSERT_NE(axis, nullptr);
    const double before = axis->max();
    auto* view = traj->chartView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(traj->binding()->chart()->mapToScene(at)));
    EXPECT_EQ(axis->max(), before);
    // Marks 0, 1000, 2000, 4000: the scrubber stands on 2000.
    EXPECT_EQ(w.checkpointSlider()->value(), 2);
    EXPECT_EQ(w.surgeryPanel()->currentRun(), "A2-s0");
    EXPECT_EQ(w.surgeryPanel()->currentCheckpoint(), 2000);
    EXPECT_EQ(viewOf(w, "heatmap")->options().focusRun, "A2-s0");
    EXPECT_EQ(w.highlightedRun(), "A2-s0"); // drawn bold in every chart
    EXPECT_EQ(w.runModel()->runAt(0).isEmpty(), false);
}

TEST(Workbench, HoveringARunHighlightsItsSeriesEverywhere) {
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(linkedExperiment("hover").string())));
    w.show();
    auto* loss = viewOf(w, "loss");
    w.tabs()->setCurrentWidget(loss);
    loss->redrawNow();
    w.highlightRun("A2-s0");
    auto* mine = qobject_cast<QLineSeries*>(loss->binding()->series("A2-s0 train"));
    // A1's two seeds are one curve (their mean, with its band).
    auto* other = qobject_cast<QLineSeries*>(loss->binding()->series("A1 train (mean of 2)"));
    ASSERT_TRUE(mine && other);
    EXPECT_EQ(mine->pen().widthF(), 4.0);
    EXPECT_LT(other->pen().color().alphaF(), 0.5);
    w.highlightRun(QString());
    EXPECT_EQ(mine->pen().widthF(), 2.0);
    EXPECT_EQ(other->pen().color().alphaF(), 1.0);
}

TEST(Workbench, GroupingByANonCellFactorGivesTheMeansOfItsRuns) {
    const auto exp = linkedExperiment("groupby");
    rsui::test::writeFakeRun(exp, {"B1-s0", "B1", false, {0, 1000, 4000}, {10, 8, 4}, {5, 4, 3}});
    rs::ExperimentFollower follower(exp);
    follower.poll();
    rsui::FigureOptions o; // mean over layers: layer 1 adds 0.5, so the mean adds 0.25
    o.groupBy = {rs::Factor::QkNorm};
    const auto f = rsui::Figures::trajectory(follower.runs(), o);
    const rsui::PlotSeries *on = nullptr, *off = nullptr;
    for (const auto& s : f.series) {
        on = s.name == "QK-Norm on (mean of 3)" ? &s : on;
        off = s.name == "QK-Norm off" ? &s : off;
    }
    ASSERT_TRUE(on && off);
    // x in tokens: 0 (three runs), 1000 (A1's two), 2000 (A2), 4000 (A1's two).
    ASSERT_EQ(on->points.size(), 4);
    EXPECT_DOUBLE_EQ(on->points[0].y(), (16 + 14 + 15) / 3.0 + 0.25);
    EXPECT_DOUBLE_EQ(on->points[1].y(), (12 + 10) / 2.0 + 0.25);
    EXPECT_DOUBLE_EQ(on->points[2].y(), 6 + 0.25);
    EXPECT_DOUBLE_EQ(on->points[3].y(), (9 + 7) / 2.0 + 0.25);
    EXPECT_EQ(on->runs, (QStringList{"A1-s0", "A1-s1", "A2-s0"}));
    EXPECT_DOUBLE_EQ(off->points[2].y(), 4.25);
    // The view's Group by menu reaches the figure.
    rsui::FigureView view(
        "trajectory", &rsui::Figures::trajectory, [&] { return follower.runs(); },
        rsui::ControlGroupBy);
    view.setGroupBy({rs::Factor::QkNorm, rs::Factor::Optimizer});
    EXPECT_EQ(view.options().groupBy,
              (std::vector<rs::Factor>{rs::Factor::QkNorm, rs::Factor::Optimizer}));
    view.redrawNow();
    // Legends in words, not keys (qk_norm=on · optimizer=muon_adamw).
    EXPECT_NE(view.binding()->series("QK-Norm on · Muon + AdamW (mean of 3)"), nullptr);
}

TEST(Workbench, RunTableHasHideableFactorColumnsAndComparesTwoConfigurations) {
    QSettings().remove("runs/header");
    const auto exp = linkedExperiment("columns");
    rsui::test::writeFakeRun(exp, {"B1-s0", "B1", false, {0, 1000}, {10, 8}, {5, 4}});
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(exp.string())));
    auto* model = w.runModel();
    auto* header = w.runTable()->horizontalHeader();
    int qkColumn = -1, lrColumn = -1;
    for (int c = 0; c < model->columnCount(); ++c) {
        qkColumn = rsui::RunTableModel::factorOf(c) == rs::Factor::QkNorm ? c : qkColumn;
        lrColumn = rsui::RunTableModel::factorOf(c) == rs::Factor::AdamwLr ? c : lrColumn;
    }
    ASSERT_GE(qkColumn, 0);
    EXPECT_FALSE(header->isSectionHidden(qkColumn)); // the design's factors are shown
    EXPECT_TRUE(header->isSectionHidden(lrColumn));  // the rest on request
    const int b1 = model->rowOf("B1-s0");
    EXPECT_EQ(model->data(model->index(b1, qkColumn)).toString(), "off");
    EXPECT_EQ(model->data(model->index(b1, lrColumn)).toString(), "0.006");
    w.columnChooser()->setColumnShown(lrColumn, true);
    EXPECT_FALSE(header->isSectionHidden(lrColumn));
    {
        rsui::MainWindow again; // the choice is kept
        EXPECT_FALSE(again.runTable()->horizontalHeader()->isSectionHidden(lrColumn));
    }
    // Two runs selected: only the fields that differ.
    EXPECT_EQ(w.compareSelected(), nullptr);
    auto* sel = w.runTable()->selectionModel();
    auto* proxy = w.runTable()->model();
    for (const QString run : {"A1-s0", "B1-s0"}) {
        for (int r = 0; r < proxy->rowCount(); ++r) {
            if (proxy->index(r, 0).data(rsui::RunTableModel::RunNameRole) == run) {
                sel->select(proxy->index(r, 0),
                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
            }
        }
    }
    auto* dlg = w.compareSelected();
    ASSERT_NE(dlg, nullptr);
    QStringList fields;
    for (int r = 0; r < dlg->table()->rowCount(); ++r) {
        fields << dlg->table()->item(r, 0)->text();
    }
    EXPECT_EQ(fields, (QStringList{"cell", "model.qk_norm"}));
    EXPECT_EQ(dlg->table()->item(1, 2)->text(), "false");
    QSettings().remove("runs/header");
}

TEST(Workbench, TheLanguageSwitchesWithoutARestart) {
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(linkedExperiment("lang").string())));
    auto* traj = viewOf(w, "trajectory");
    auto labelTexts = [&](QWidget* root) {
        QStringList out;
        for (auto* l : root->findChildren<QLabel*>()) {
            out << l->text();
        }
        return out;
    };
    ASSERT_TRUE(labelTexts(traj).contains("Metric"));
    ASSERT_TRUE(rsui::setLanguage("de", QStringLiteral(RANKSCOPE_QM_DIR)));
    QCoreApplication::processEvents(); // widgets get LanguageChange as posted events
    EXPECT_EQ(w.runsDock()->windowTitle(), QStringLiteral("Läufe"));
    EXPECT_EQ(w.tabs()->tabText(0), QStringLiteral("Verlauf"));
    EXPECT_TRUE(labelTexts(traj).contains("Metrik"));
    EXPECT_EQ(w.runModel()->headerData(rsui::RunTableModel::Name, Qt::Horizontal).toString(),
              QStringLiteral("Lauf"));
    QStringList buttons;
    for (auto* b : w.surgeryPanel()->findChildren<QPushButton*>()) {
        buttons << b->text();
    }
    EXPECT_TRUE(buttons.contains(QStringLiteral("Checkpoint laden")))
        << buttons.join('|').toStdString();
    QStringList menus;
    for (auto* a : w.menuBar()->actions()) {
        menus << a->text();
    }
    EXPECT_TRUE(menus.contains(QStringLiteral("&Datei"))) << menus.join('|').toStdString();
    ASSERT_TRUE(rsui::setLanguage("en"));
    QCoreApplication::processEvents();
    EXPECT_EQ(w.runsDock()->windowTitle(), QStringLiteral("Runs"));
    EXPECT_TRUE(labelTexts(traj).contains("Metric"));
}

TEST(Workbench, AFolderDroppedOnTheWindowIsOpened) {
    rsui::MainWindow w;
    const auto exp = linkedExperiment("drop");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(exp.string()))});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &drop);
    EXPECT_EQ(w.store()->dir(), QString::fromStdString(exp.string()));
    EXPECT_NE(w.store()->run("A2-s0"), nullptr);
    // A file, or two folders, is not an experiment: refused before the drop.
    QMimeData file;
    file.setUrls(
        {QUrl::fromLocalFile(QString::fromStdString((exp / "A1-s0" / "run.json").string()))});
    QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &file, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QCoreApplication::sendEvent(&w, &refused);
    EXPECT_FALSE(refused.isAccepted());
}

TEST(Workbench, TheDarkPaletteReachesTheChartsAndExportsStayLightUnlessAsked) {
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(linkedExperiment("dark").string())));
    w.show();
    auto* traj = viewOf(w, "trajectory");
    traj->redrawNow();
    EXPECT_FALSE(traj->binding()->colors().isDark());
    rsui::applyTheme(rsui::Theme::Dark);
    QCoreApplication::processEvents();
    const auto* chart = traj->binding()->chart();
    EXPECT_TRUE(traj->binding()->colors().isDark());
    EXPECT_LT(chart->backgroundBrush().color().lightnessF(), 0.3);
    EXPECT_GT(chart->titleBrush().color().lightnessF(), 0.7);
    ASSERT_FALSE(chart->axes().isEmpty());
    EXPECT_GT(chart->axes().front()->labelsBrush().color().lightnessF(), 0.7);
    // Exports: light by default, dark on request (corner pixel = the background).
    traj->redrawNow();
    rsui::ExportSize size;
    size.pixels = QSize(400, 300);
    size.dpi = 96;
    EXPECT_GT(rsui::renderPng(traj->figure(), size).pixelColor(2, 2).lightnessF(), 0.9);
    size.dark = true;
    EXPECT_LT(rsui::renderPng(traj->figure(), size).pixelColor(2, 2).lightnessF(), 0.3);
    rsui::applyTheme(rsui::Theme::System);
    QCoreApplication::processEvents();
    EXPECT_FALSE(traj->binding()->colors().isDark());
}

TEST(Workbench, EveryControlAndChartHasAnAccessibleName) {
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(linkedExperiment("a11y").string())));
    w.show();
    for (auto* v : w.views()) {
        w.tabs()->setCurrentWidget(v);
        v->redrawNow();
    }
    QStringList unnamed;
    for (auto* widget : w.findChildren<QWidget*>()) {
        const bool control =
            qobject_cast<QComboBox*>(widget) || qobject_cast<QAbstractButton*>(widget) ||
            qobject_cast<QAbstractSlider*>(widget) || qobject_cast<QChartView*>(widget) ||
            qobject_cast<QTableView*>(widget) || qobject_cast<QLineEdit*>(widget);
        if (!control || !widget->isVisibleTo(&w) || qobject_cast<QScrollBar*>(widget) ||
            widget->parent()->inherits("QDockWidget") /* its own title buttons */) {
            continue;
        }
        QAccessibleInterface* ai = QAccessible::queryAccessibleInterface(widget);
        if (!ai || ai->text(QAccessible::Name).trimmed().isEmpty()) {
            unnamed << QStringLiteral("%1 in %2")
                           .arg(QString::fromUtf8(widget->metaObject()->className()),
                                QString::fromUtf8(
                                    widget->parentWidget()->metaObject()->className()));
        }
    }
    EXPECT_TRUE(unnamed.isEmpty()) << unnamed.join('\n').toStdString();
    // A chart says what it shows; the keyboard reaches charts and the table.
    auto* chartView = viewOf(w, "trajectory")->chartView();
    EXPECT_TRUE(chartView->focusPolicy() & Qt::TabFocus);
    EXPECT_TRUE(w.runTable()->focusPolicy() & Qt::TabFocus);
    EXPECT_TRUE(chartView->accessibleName().startsWith("Collapse trajectory"));
    EXPECT_TRUE(chartView->accessibleDescription().contains("series"))
        << chartView->accessibleDescription().toStdString();
}

TEST(Workbench, ThePaletteStaysDistinguishableWithColourVisionDeficiencies) {
    // Machado et al. (2009) severity-1 matrices on linear RGB: every pair of group colours stays
    // apart for protanopia and deuteranopia (distance in sRGB units out of 255).
    auto lin = [](double c) {
        c /= 255.0;
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    auto enc = [](double c) {
        c = std::clamp(c, 0.0, 1.0);
        return 255.0 * (c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055);
    };
    const double protan[3][3] = {{0.152286, 1.052583, -0.204868},
                                 {0.114503, 0.786281, 0.099216},
                                 {-0.003882, -0.048116, 1.051998}};
    const double deutan[3][3] = {{0.367322, 0.860646, -0.227968},
                                 {0.280085, 0.672501, 0.047413},
                                 {-0.011820, 0.042940, 0.968881}};
    for (const auto* m : {protan, deutan}) {
        std::vector<std::array<double, 3>> seen;
        for (int i = 0; i < 7; ++i) {
            const QColor c = rsui::groupColor(i);
            const double rgb[3] = {lin(c.red()), lin(c.green()), lin(c.blue())};
            std::array<double, 3> out{};
            for (int r = 0; r < 3; ++r) {
                out[size_t(r)] = enc(m[r][0] * rgb[0] + m[r][1] * rgb[1] + m[r][2] * rgb[2]);
            }
            seen.push_back(out);
        }
        for (size_t a = 0; a < seen.size(); ++a) {
            for (size_t b = a + 1; b < seen.size(); ++b) {
                const double d = std::hypot(seen[a][0] - seen[b][0], seen[a][1] - seen[b][1],
                                            seen[a][2] - seen[b][2]);
                EXPECT_GT(d, 25.0) << "group colours " << a << " and " << b;
            }
        }
    }
}

// Chart first on a laptop: the figure gets most of the height and its axis titles fit.
TEST(Workbench, OnALaptopTheChartComesFirstAndItsAxisTitlesFit) {
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(linkedExperiment("chart-first").string())));
    w.show();
    w.layoutForScreen(QRect(0, 0, 1280, 720));
    auto* traj = viewOf(w, "trajectory");
    w.tabs()->setCurrentWidget(traj);
    traj->redrawNow();
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
    }
    const int chart = traj->chartView()->height();
    std::printf("1280x720: chart %d px of a %d px window\n", chart, w.height());
    EXPECT_GE(chart, w.height() * 45 / 100);
    auto* c = traj->binding()->chart();
    for (auto* axis : c->axes()) {
        const double room =
            axis->orientation() == Qt::Vertical ? c->plotArea().height() : c->plotArea().width();
        EXPECT_LE(QFontMetricsF(axis->titleFont()).horizontalAdvance(axis->titleText()), room)
            << axis->titleText().toStdString();
    }
}

// A named view (options, runs charted, legend, zoom) saved, reopened and rendered headless.
TEST(Workbench, ANamedViewIsSavedReopenedAndRenderedByTheCli) {
    const auto exp = linkedExperiment("named-view");
    rsui::MainWindow w;
    ASSERT_TRUE(w.openExperiment(QString::fromStdString(exp.string())));
    w.show();
    auto* traj = viewOf(w, "trajectory");
    w.tabs()->setCurrentWidget(traj);
    traj->setGroupBy({rs::Factor::QkNorm});
    traj->redrawNow();
    traj->binding()->setSeriesHidden("qk_norm=off", true); // nothing: every run has QK-Norm
    w.showOnly({"A1-s0", "A1-s1"}, false);
    traj->redrawNow();
    traj->binding()->zoomTo(QRectF(QPointF(0, 5), QPointF(1500, 20)));
    const QString path = w.saveView("only A1, zoomed");
    ASSERT_TRUE(path.endsWith("views/only_A1__zoomed.json")) << path.toStdString();
    const QString expected = traj->shownFigure().toCsv();
    // Elsewhere and back.
    traj->setGroupBy({});
    w.showOnly({}, true);
    traj->binding()->resetZoom();
    traj->redrawNow();
    ASSERT_NE(traj->shownFigure().toCsv(), expected);
    ASSERT_TRUE(w.openView(path));
    EXPECT_EQ(traj->options().groupBy, std::vector<rs::Factor>{rs::Factor::QkNorm});
    EXPECT_EQ(w.runModel()->hiddenRuns(), (QSet<QString>{"A2-s0"}));
    EXPECT_TRUE(traj->binding()->userZoomed());
    EXPECT_NEAR(traj->binding()->visibleRange().right(), 1500, 1e-6);
    EXPECT_EQ(traj->shownFigure().toCsv(), expected);
    // The CLI's renderer gives the same data.
    const QString out = QString::fromStdString((exp / "view-out").string());
    const auto files = rsui::writeViewFigure(QString::fromStdString(exp.string()), path, out);
    ASSERT_EQ(files.size(), 3);
    QFile csv(out + "/only_A1__zoomed.csv");
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(csv.readAll()), expected);
    // A damaged view says which file and what to do.
    try {
        rsui::namedViewFromJson("{\"rankscope_view\": 1, \"figure\": \"trajectory\", "
                                "\"seeds\": \"bogus\"}",
                                "v.json");
        FAIL() << "accepted an unknown band";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("v.json: unknown seeds 'bogus'"), std::string::npos)
            << e.what();
    }
}
