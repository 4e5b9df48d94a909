#include "fake_experiment.h"
#include "core/store/run_layout.h"
#include "ui/figures/chart_binding.h"
#include "ui/figures/figure_export.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_matrix_dialog.h"
#include "ui/runs/run_table_model.h"
#include "core/store/experiment.h"
#include "ui/views/figure_view.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QXYSeries>
#include <QXmlStreamReader>

#include <cmath>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace {

rsui::FigureData lineFigure() {
    rsui::FigureData f;
    f.id = "demo";
    f.title = "Demo title";
    f.xTitle = "training tokens (millions)";
    f.yTitle = "participation ratio";
    rsui::PlotSeries s;
    s.name = "A1-s0";
    s.color = Qt::blue;
    s.points = {{0, 3}, {1, 2}, {2, 1.5}};
    f.series << s;
    return f;
}

} // namespace

TEST(Views, FigureViewShowsTheProbedPointsAndFollowsNewCheckpoints) {
    const auto dir = rsui::test::fakeExperiment("view");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0, 1000000}, {3.0, 2.5}, {5, 4}});
    rsui::ExperimentStore store;
    store.open(QString::fromStdString(dir.string()));
    rsui::FigureView view(
        "trajectory", &rsui::Figures::trajectory, [&] { return store.runs(); },
        rsui::FigureView::Metric | rsui::FigureView::Layer);
    view.redrawNow();
    auto* series = view.binding()->series("A1-s0");
    ASSERT_NE(series, nullptr);
    ASSERT_EQ(series->points().size(), 2);
    EXPECT_NEAR(series->points()[1].y(), 2.5 + 0.25, 1e-12);
    // A run that grows: the same series object is updated in place.
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {2000000}, {2.0}, {3.5}});
    store.poll();
    view.redrawNow();
    EXPECT_EQ(view.binding()->series("A1-s0"), series);
    EXPECT_EQ(series->points().size(), 3);
    // Options drive the figure: a single layer.
    auto* layer = view.findChildren<QComboBox*>().at(1);
    layer->setCurrentIndex(layer->findData(1));
    view.redrawNow();
    EXPECT_NEAR(series->points()[0].y(), 3.0 + 0.5, 1e-12);
}

TEST(Views, BindingRemovesSeriesThatLeaveAndSwitchesToLogAxes) {
    auto* chart = new QChart;
    rsui::ChartBinding b(chart);
    auto f = lineFigure();
    rsui::PlotSeries extra = f.series[0];
    extra.name = "A2-s0";
    f.series << extra;
    b.apply(f);
    EXPECT_EQ(chart->series().size(), 2);
    f.series.removeLast();
    f.logY = true;
    b.apply(f);
    EXPECT_EQ(chart->series().size(), 1);
    EXPECT_EQ(b.series("A2-s0"), nullptr);
    ASSERT_EQ(chart->axes(Qt::Vertical).size(), 1);
    // A log axis plots log10 of the values and labels round values between the decades.
    EXPECT_NEAR(b.series("A1-s0")->points()[2].y(), std::log10(1.5), 1e-12);
    // 1.5 to 3 padded is a fraction of a decade: round linear steps.
    EXPECT_EQ(b.tickLabels(false), QStringList({"1.5", "2.0", "2.5", "3.0", "3.5"}));
    delete chart;
}

TEST(Export, PngHasTheRequestedSizeAndSvgKeepsAxisTitlesAsText) {
    const auto dir = rsui::test::fakeExperiment("export");
    const QString base = QString::fromStdString(dir.string());
    rsui::ExportSize size;
    size.pixels = QSize(900, 600);
    size.dpi = 150;
    rsui::exportPng(lineFigure(), base + "/demo.png", size);
    QImage img(base + "/demo.png");
    ASSERT_FALSE(img.isNull());
    EXPECT_EQ(img.size(), QSize(900, 600));
    EXPECT_NEAR(img.dotsPerMeterX() * 0.0254, 150.0, 1.0);

    rsui::exportSvg(lineFigure(), base + "/demo.svg");
    QFile svg(base + "/demo.svg");
    ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    QString root, text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && root.isEmpty()) {
            root = xml.name().toString();
        }
        if (xml.isCharacters()) {
            text += xml.text().toString();
        }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_EQ(root, "svg");
    EXPECT_TRUE(text.contains("training tokens (millions)"));
    EXPECT_TRUE(text.contains("participation ratio"));

    rsui::exportCsv(lineFigure(), base + "/demo.csv");
    QFile csv(base + "/demo.csv");
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 4);
    EXPECT_EQ(lines[3], "demo,A1-s0,line,2,1.5,");
}

TEST(Export, UnwritableFolderNamesTheFile) {
    try {
        rsui::exportCsv(lineFigure(), "/proc/rankscope-nope/demo.csv");
        FAIL() << "expected an error";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("rankscope-nope"), std::string::npos) << e.what();
    }
}

TEST(RunTable, ModelFollowsFilesAndLiveProgress) {
    const auto dir = rsui::test::fakeExperiment("table");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0, 1000}, {3.0, 2.5}, {5, 4.25}});
    rsui::ExperimentStore store;
    store.open(QString::fromStdString(dir.string()));
    rsui::RunTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRuns(store.runs());
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, rsui::RunTableModel::ValLoss).data().toString(), "4.250");
    EXPECT_EQ(model.index(0, rsui::RunTableModel::KeyPR).data().toString(), "2.75");
    rsui::test::writeFakeRun(dir, {"B1-s0", "B1", true, {0}, {3.0}, {5}});
    store.poll();
    model.setRuns(store.runs());
    EXPECT_EQ(model.rowCount(), 2);
    rsui::RunProgressEvent e;
    e.run = "B1-s0";
    e.tokens = 500;
    e.budget = 1000;
    e.tokensPerS = 1234;
    model.applyProgress(e);
    const int row = model.rowOf("B1-s0");
    EXPECT_EQ(model.index(row, rsui::RunTableModel::TokensPerS).data().toString(), "1234");
    EXPECT_TRUE(model.index(row, rsui::RunTableModel::Tokens).data().toString().contains("50%"));
    // The visibility checkbox hides a run from every figure.
    EXPECT_TRUE(model.setData(model.index(row, 0), Qt::Unchecked, Qt::CheckStateRole));
    EXPECT_TRUE(model.hiddenRuns().contains("B1-s0"));
}

TEST(RunTable, DamagedFilesAreShownInTheStatus) {
    const auto dir = rsui::test::fakeExperiment("table-damaged");
    rsui::test::writeFakeRun(dir, {"A1-s0", "A1", true, {0, 1000}, {3.0, 2.5}, {5, 4.25}});
    const auto summary = rs::RunLayout(dir / "A1-s0").probeSummary(1000);
    std::ofstream(summary, std::ios::trunc) << "{\"layers\": [tor";
    rsui::ExperimentStore store;
    store.open(QString::fromStdString(dir.string()));
    rsui::RunTableModel model;
    model.setRuns(store.runs());
    const auto status = model.index(0, rsui::RunTableModel::Status);
    EXPECT_TRUE(status.data().toString().contains("done · damaged files left out: 1"))
        << status.data().toString().toStdString();
    EXPECT_TRUE(
        status.data(Qt::ToolTipRole).toString().contains(QString::fromStdString(summary.string())));
    EXPECT_FALSE(status.data(Qt::DecorationRole).isNull());
}

// The dialog is ~960 px of settings: on a laptop they scroll and the estimate and Launch stay on
// screen; on a desktop screen everything shows without scrolling.
TEST(RunMatrix, DialogFitsA1280x720ScreenWithLaunchVisible) {
    for (const QRect screen :
         {QRect(0, 0, 1280, 720), QRect(0, 0, 1366, 768 - 32), QRect(0, 0, 1920, 1080 - 32)}) {
        rsui::RunMatrixDialog dlg;
        dlg.show();
        dlg.fitToScreen(screen);
        QCoreApplication::processEvents();
        const int room = screen.height() - rsui::RunMatrixDialog::kTitleBarAllowance;
        std::printf("run-matrix dialog on %dx%d: %dx%d\n", screen.width(), screen.height(),
                    dlg.width(), dlg.height());
        EXPECT_LE(dlg.width(), screen.width());
        EXPECT_LE(dlg.height(), room);
        EXPECT_LE(dlg.minimumSizeHint().height(), room);
        auto* launch = dlg.launchButton();
        EXPECT_TRUE(launch->isVisible());
        EXPECT_TRUE(dlg.rect().contains(QRect(launch->mapTo(&dlg, QPoint(0, 0)), launch->size())));
        EXPECT_FALSE(dlg.settingsArea()->horizontalScrollBar()->isVisible());
        if (screen.height() >= 1000) {
            EXPECT_FALSE(dlg.settingsArea()->verticalScrollBar()->isVisible())
                << "the whole form should show on a 1080 px screen";
        }
    }
}

TEST(RunMatrix, DialogExpandsIntoTheRunConfigurations) {
    rsui::RunMatrixDialog dlg;
    dlg.setPreset("test");
    dlg.setOutputDir("/tmp/rankscope-uitest-matrix");
    dlg.seedsBox()->setValue(2);
    auto runs = dlg.runs();
    ASSERT_EQ(runs.size(), 20u) << dlg.validationError().toStdString(); // 10 cells x 2 seeds
    EXPECT_EQ(runs[0].runName(), "A1-s0");
    EXPECT_EQ(runs[1].runName(), "A1-s1");
    EXPECT_TRUE(runs[0].model.qk_norm);
    EXPECT_FALSE(runs[2].model.qk_norm);                             // A2
    EXPECT_EQ(runs[4].train.optimizer, rs::Optimizer::AdamW);        // B1
    EXPECT_EQ(runs[10].data.variant, rs::DataVariant::Complex);      // C2
    EXPECT_EQ(runs[12].data.variant, rs::DataVariant::ProseSimple);  // C3
    EXPECT_EQ(runs[14].data.variant, rs::DataVariant::ProseComplex); // C4
    // The reference's layout by default, recorded in every run.
    EXPECT_EQ(runs[0].train.muon.grouping, rs::MuonGrouping::FusedQkvo);
    EXPECT_EQ(runs[0].model.qk_norm_gamma, rs::GammaLayout::Shared);
    EXPECT_EQ(runs[0].train.muon.coefficients, rs::Orthogonalization::PolarExpress);
    // The sensitivity cells are offered unticked; ticking one adds its runs with its setting.
    auto* table = dlg.cellTable();
    ASSERT_EQ(table->rowCount(), 12);
    EXPECT_EQ(table->item(9, 0)->text(), "B1-wd0");
    EXPECT_EQ(table->item(9, 0)->checkState(), Qt::Checked);
    EXPECT_EQ(table->item(10, 0)->text(), "B1-lr0.5");
    EXPECT_EQ(table->item(10, 0)->checkState(), Qt::Unchecked);
    EXPECT_FALSE(table->item(10, 4)->text().isEmpty());
    table->item(10, 0)->setCheckState(Qt::Checked);
    auto withControl = dlg.runs();
    ASSERT_EQ(withControl.size(), 22u);
    EXPECT_EQ(withControl[20].runName(), "B1-lr0.5-s0");
    EXPECT_DOUBLE_EQ(withControl[20].train.lr_scale, 0.5);
    EXPECT_FALSE(withControl[18].train.adamw.decay_hidden_matrices); // B1-wd0
    EXPECT_TRUE(withControl[4].train.adamw.decay_hidden_matrices);
    table->item(10, 0)->setCheckState(Qt::Unchecked);
    // Departures are switches in the advanced section.
    const auto combos = dlg.findChildren<QComboBox*>();
    for (auto* c : combos) {
        const int i = c->findData(QStringLiteral("separate"));
        if (i >= 0) {
            c->setCurrentIndex(i);
        }
    }
    EXPECT_EQ(dlg.runs()[0].train.muon.grouping, rs::MuonGrouping::Separate);
    EXPECT_EQ(runs[0].data.source, rs::DataSource::Prepared);
    EXPECT_EQ(runs[0].data.dir, "/tmp/rankscope-uitest-matrix/data");
    // Untick A2: two runs fewer.
    dlg.cellTable()->item(1, 0)->setCheckState(Qt::Unchecked);
    EXPECT_EQ(dlg.runs().size(), 18u);
    // An impossible model: inline error naming the field, no runs.
    auto* queryHeads = dlg.findChild<QSpinBox*>("queryHeads");
    ASSERT_NE(queryHeads, nullptr);
    queryHeads->setValue(7);
    EXPECT_TRUE(dlg.runs().empty());
    EXPECT_FALSE(dlg.validationError().isEmpty());
}

TEST(RunMatrix, UntouchedBudgetKeepsThePresetsExactTokenCount) {
    rsui::RunMatrixDialog dlg;
    dlg.setPreset("quick");
    dlg.setOutputDir("/tmp/rankscope-uitest-matrix");
    auto runs = dlg.runs();
    ASSERT_FALSE(runs.empty()) << dlg.validationError().toStdString();
    // 655,360 tokens show as 0.655 M; launching must not train 655,000 (another config).
    EXPECT_EQ(runs[0].train.token_budget, rs::loadPreset("quick").train.token_budget);
}

TEST(RunMatrix, EstimateUsesTheExperimentsThroughputWhenNoneIsRecorded) {
    QSettings().remove("throughput-per-thread/test");
    rsui::RunMatrixDialog dlg;
    dlg.setPreset("test");
    dlg.setOutputDir("/tmp/rankscope-uitest-matrix");
    auto preview = [&] {
        QString all;
        for (auto* l : dlg.findChildren<QLabel*>()) {
            all += l->text() + "\n";
        }
        return all;
    };
    EXPECT_TRUE(preview().contains("rough")) << preview().toStdString();
    dlg.setObservedThroughput({{"test", 4321.0}});
    EXPECT_TRUE(preview().contains("4321 tokens/s")) << preview().toStdString();
    EXPECT_TRUE(preview().contains("open experiment")) << preview().toStdString();
}
