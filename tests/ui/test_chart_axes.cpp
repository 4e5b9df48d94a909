// Axis ticks, colours per cell and group, exports equal to the screen, the hover card.
#include "fake_experiment.h"
#include "ui/figures/axis_ticks.h"
#include "ui/figures/chart_binding.h"
#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_export.h"
#include "ui/runs/experiment_store.h"
#include "ui/views/export_dialog.h"
#include "ui/views/figure_view.h"

#include "core/store/experiment.h"

#include <QChart>
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QComboBox>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QDoubleSpinBox>
#include <QXYSeries>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

namespace {

QStringList labels(const std::vector<rsui::AxisTick>& ticks) {
    QStringList out;
    for (const auto& t : ticks) {
        out << t.label;
    }
    return out;
}

fs::path cellsExperiment(const std::string& name) {
    const auto exp = rsui::test::fakeExperiment(name);
    rsui::test::writeFakeRun(exp,
                             {"A1-s0", "A1", true, {0, 1000, 2000}, {3.0, 2.5, 2.0}, {5, 4, 3}});
    rsui::test::writeFakeRun(exp,
                             {"A1-s1", "A1", true, {0, 1000, 2000}, {3.2, 2.3, 1.8}, {5, 4, 3}});
    rsui::test::writeFakeRun(exp,
                             {"A2-s0", "A2", false, {0, 1000, 2000}, {3.5, 3.4, 3.3}, {5, 4, 3}});
    rsui::test::writeFakeRun(exp,
                             {"A2-s1", "A2", false, {0, 1000, 2000}, {3.6, 3.5, 3.1}, {5, 4, 3}});
    return exp;
}

const rsui::PlotSeries* named(const rsui::FigureData& f, const QString& name) {
    for (const auto& s : f.series) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

// A chart in a scene, laid out at `size` (QtCharts lays out on posted events).
QChart* laidOut(QGraphicsScene& scene, const QSizeF& size = {800, 500}) {
    auto* chart = new QChart;
    scene.addItem(chart);
    chart->resize(size);
    return chart;
}

void settle() {
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}

} // namespace

TEST(ChartAxes, LinearTicksAreRoundAndLabelledWithTheDecimalsTheirStepNeeds) {
    EXPECT_EQ(labels(rsui::linearTicks(0, 0.25)),
              QStringList({"0", "0.05", "0.10", "0.15", "0.20", "0.25"}));
    // A zoomed axis: no label printed twice ("0.0 0.1 0.1 0.2 0.2" before).
    EXPECT_EQ(labels(rsui::linearTicks(0.02, 0.21)), QStringList({"0.05", "0.10", "0.15", "0.20"}));
    // Zero is "0", never "-0.0" or "-1.39e-17".
    EXPECT_EQ(labels(rsui::linearTicks(-1, 1)), QStringList({"-1.0", "-0.5", "0", "0.5", "1.0"}));
    EXPECT_EQ(labels(rsui::linearTicks(0.5, 11.5, true)), QStringList({"2", "4", "6", "8", "10"}));
}

TEST(ChartAxes, LargeValuesUseSiPrefixes) {
    EXPECT_EQ(labels(rsui::linearTicks(0, 1.2e6)),
              QStringList({"0", "0.2M", "0.4M", "0.6M", "0.8M", "1.0M", "1.2M"}));
    EXPECT_EQ(labels(rsui::linearTicks(0, 655e3)), QStringList({"0", "200k", "400k", "600k"}));
    EXPECT_EQ(rsui::tickLabel(655e3, 1e3, 655e3), "655k");
    EXPECT_EQ(rsui::tickLabel(25e9, 1e9, 25e9), "25G");
    EXPECT_EQ(rsui::tickLabel(9999, 1, 9999), "9999");
}

TEST(ChartAxes, LogTicksAreLabelledBetweenTheDecades) {
    // A 5-30 axis read only "10" with QLogValueAxis.
    EXPECT_EQ(labels(rsui::logTicks(5, 30)),
              QStringList({"5", "6", "7", "8", "9", "10", "20", "30"}));
    EXPECT_EQ(labels(rsui::logTicks(0.001, 0.1)),
              QStringList({"0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1"}));
    EXPECT_EQ(labels(rsui::logTicks(800, 2e7)), QStringList({"1000", "10k", "100k", "1M", "10M"}));
    // A fraction of a decade: round linear steps.
    EXPECT_EQ(labels(rsui::logTicks(2.1, 2.9)), labels(rsui::linearTicks(2.1, 2.9)));
}

TEST(ChartAxes, TheChartDrawsTheTicksOfItsRangeAfterAZoom) {
    QGraphicsScene scene;
    auto* chart = laidOut(scene);
    rsui::ChartBinding b(chart);
    rsui::FigureData f;
    f.id = "demo";
    rsui::PlotSeries s;
    s.name = "a";
    s.points = {{0, 0.0}, {1e6, 0.25}};
    f.series << s;
    f.xTokens = 1;
    b.apply(f);
    settle();
    const QStringList x = b.tickLabels(true);
    ASSERT_FALSE(x.isEmpty());
    EXPECT_TRUE(x.contains("1.0M")) << x.join(' ').toStdString();
    EXPECT_TRUE(b.tickLabels(false).contains("0.25"))
        << b.tickLabels(false).join(' ').toStdString();
    chart->zoomIn(QRectF(chart->plotArea().center(), chart->plotArea().size() / 4));
    b.setUserZoomed(true);
    const QRectF r = b.visibleRange();
    const auto expected = rsui::linearTicks(r.left(), r.right());
    EXPECT_EQ(b.tickLabels(true), labels(expected));
}

TEST(ChartColors, ACellKeepsItsColourInEveryGroupingAndWhenRunsAreHidden) {
    rs::ExperimentFollower exp(cellsExperiment("colours"));
    exp.poll();
    rsui::FigureOptions o;
    const auto byCell = rsui::Figures::trajectory(exp.runs(), o);
    const QColor a1 = named(byCell, "A1 (mean of 2)")->color;
    const QColor a2 = named(byCell, "A2 (mean of 2)")->color;
    EXPECT_EQ(a1, rsui::cellColor("A1"));
    EXPECT_EQ(a2, rsui::cellColor("A2"));
    // By QK-Norm: each group holds one cell and keeps that cell's colour, with a label in words.
    o.groupBy = {rs::Factor::QkNorm};
    const auto byQk = rsui::Figures::trajectory(exp.runs(), o);
    ASSERT_NE(named(byQk, "QK-Norm on (mean of 2)"), nullptr);
    EXPECT_EQ(named(byQk, "QK-Norm on (mean of 2)")->color, a1);
    EXPECT_EQ(named(byQk, "QK-Norm off (mean of 2)")->color, a2);
    // Hiding a run repaints nothing.
    o.hiddenRuns = {"A1-s1"};
    const auto hidden = rsui::Figures::trajectory(exp.runs(), o);
    EXPECT_EQ(named(hidden, "QK-Norm off (mean of 2)")->color, a2);
    EXPECT_EQ(named(hidden, "QK-Norm on")->color, a1);
    // A group pooling both cells gets a colour of its own, not a cell's.
    o.hiddenRuns.clear();
    o.groupBy = {rs::Factor::Optimizer};
    const auto pooled = rsui::Figures::trajectory(exp.runs(), o);
    ASSERT_EQ(pooled.series.size(), 2); // the mean and its band
    const auto* mean = named(pooled, "Muon + AdamW (mean of 4)");
    ASSERT_NE(mean, nullptr);
    EXPECT_NE(mean->color, a1);
    EXPECT_NE(mean->color, a2);
}

TEST(ChartExport, WhatIsExportedIsWhatTheChartShows) {
    QGraphicsScene scene;
    auto* chart = laidOut(scene);
    rsui::ChartBinding b(chart);
    rsui::FigureData f;
    f.id = "demo";
    f.xTokens = 1;
    for (const char* name : {"C1", "C2"}) {
        rsui::PlotSeries s;
        s.name = name;
        s.points = {{0, 3}, {1000, 2}, {2000, 1.5}};
        f.series << s;
    }
    b.apply(f);
    settle();
    b.setSeriesHidden("C1", true);
    rsui::FigureData shown = b.shownFigure();
    ASSERT_EQ(shown.series.size(), 1);
    EXPECT_EQ(shown.series[0].name, "C2");
    const QString csv = shown.toCsv();
    EXPECT_FALSE(csv.contains("C1"));
    EXPECT_TRUE(csv.startsWith("figure,series,kind,tokens,y,y_upper\n")); // raw tokens
    EXPECT_TRUE(csv.contains("demo,C2,line,2000,1.5,"));
    const QString svg = QString::fromUtf8(rsui::renderSvg(shown));
    EXPECT_TRUE(svg.contains(">C2<"));
    EXPECT_FALSE(svg.contains(">C1<"));
    // A zoom: the export keeps the range and the CSV the points inside it.
    chart->zoomIn(QRectF(chart->plotArea().topLeft(),
                         QSizeF(chart->plotArea().width() * 0.55, chart->plotArea().height())));
    b.setUserZoomed(true);
    shown = b.shownFigure();
    ASSERT_TRUE(shown.viewRange.has_value());
    EXPECT_NEAR(shown.viewRange->left(), b.visibleRange().left(), 1e-9);
    EXPECT_TRUE(shown.toCsv().contains("demo,C2,line,1000,2,"));
    EXPECT_FALSE(shown.toCsv().contains("demo,C2,line,2000,"));
    // Drawn headless with that range, the chart has the same x range.
    auto* again = new QChart;
    rsui::ChartBinding c(again);
    c.apply(shown);
    EXPECT_NEAR(c.visibleRange().right(), b.visibleRange().right(), 1e-6);
    delete again;
}

TEST(ChartExport, ASeriesHiddenInTheLegendStaysHiddenThroughOptionChanges) {
    const auto dir = cellsExperiment("legend-hidden");
    rsui::ExperimentStore store;
    store.open(QString::fromStdString(dir.string()));
    rsui::FigureView view(
        "trajectory", &rsui::Figures::trajectory, [&] { return store.runs(); },
        rsui::FigureView::Metric | rsui::FigureView::GroupBy | rsui::FigureView::Band);
    view.redrawNow();
    ASSERT_NE(view.binding()->series("A2 (mean of 2)"), nullptr);
    view.binding()->setSeriesHidden("A2", true);
    Q_EMIT view.binding()->hiddenChanged({"A2"});
    EXPECT_FALSE(view.binding()->series("A2 (mean of 2)")->isVisible());
    auto* metric = view.findChild<QComboBox*>();
    ASSERT_NE(metric, nullptr);
    metric->setCurrentIndex(1); // another metric: a new figure
    view.redrawNow();
    ASSERT_NE(view.binding()->series("A2 (mean of 2)"), nullptr);
    EXPECT_FALSE(view.binding()->series("A2 (mean of 2)")->isVisible());
    EXPECT_TRUE(view.binding()->series("A1 (mean of 2)")->isVisible());
    const auto shown = view.shownFigure();
    for (const auto& s : shown.series) {
        EXPECT_NE(s.key, "A2") << s.name.toStdString();
    }
}

TEST(ChartHover, TheCardSnapsToTheNearestCheckpointAndListsEverySeriesThere) {
    rs::ExperimentFollower exp(cellsExperiment("hover"));
    exp.poll();
    QGraphicsScene scene;
    auto* chart = laidOut(scene);
    rsui::ChartBinding b(chart);
    b.apply(rsui::Figures::trajectory(exp.runs(), {}));
    settle();
    // Just right of the 1000-token mark: the card is about 1000 exactly.
    const auto* any = b.series("A1 (mean of 2)");
    ASSERT_NE(any, nullptr);
    const QPointF at = chart->mapToPosition(QPointF(1090, 2.6), b.series("A1 (mean of 2)"));
    const QString card = b.hoverCard(at);
    EXPECT_TRUE(card.startsWith("1k tokens")) << card.toStdString();
    // Mean of A1's two seeds at 1000 (2.5, 2.3, plus 0.25 for the mean over layers) and n.
    EXPECT_TRUE(card.contains("A1 (mean of 2): 2.65 [")) << card.toStdString();
    EXPECT_TRUE(card.contains("A2 (mean of 2): 3.7 [")) << card.toStdString();
    EXPECT_TRUE(card.contains("n = 2")) << card.toStdString();
    EXPECT_TRUE(b.hoverCard(QPointF(-5, -5)).isEmpty());
}

TEST(ChartExport, SvgTextRendersOutsideQtAsThePngDoes) {
    rs::ExperimentFollower exp(cellsExperiment("svg-text"));
    exp.poll();
    const auto f = rsui::Figures::trajectory(exp.runs(), {});
    rsui::ExportSize size;
    size.svgCanvas = QSize(800, 500);
    size.pixels = size.svgCanvas; // one layout: the PNG at 96 dpi is the SVG's canvas
    size.dpi = 96;
    const QString svg = QString::fromUtf8(rsui::renderSvg(f, size));
    // Each string is one <text> (Qt splits where the script changes: "ratio (" | "Σσ)²"), in a
    // family list that ends with a generic family.
    EXPECT_TRUE(svg.contains(">Collapse trajectory: participation ratio (Σσ)²/Σσ²</text>"));
    EXPECT_FALSE(svg.contains("font-family=\"Sans Serif\""));
    EXPECT_TRUE(svg.contains(", sans-serif\""));
    // Rendered by librsvg (no Qt), it matches the PNG drawn by Qt: fonts, positions, colours.
    const QString dir = QString::fromStdString(rsui::test::fakeExperiment("svg-render").string());
    rsui::exportSvg(f, dir + "/t.svg", size);
    QProcess rsvg;
    rsvg.start(QStringLiteral("rsvg-convert"),
               {"-w", "800", "-h", "500", "-b", "white", "-o", dir + "/t.png", dir + "/t.svg"});
    ASSERT_TRUE(rsvg.waitForFinished(30000)) << "rsvg-convert (librsvg2-bin) is needed";
    ASSERT_EQ(rsvg.exitCode(), 0) << rsvg.readAllStandardError().toStdString();
    const QImage outside = QImage(dir + "/t.png").convertToFormat(QImage::Format_Grayscale8);
    const QImage inside = rsui::renderPng(f, size).convertToFormat(QImage::Format_Grayscale8);
    inside.save(dir + "/qt.png"); // beside t.png, to look at when this fails
    ASSERT_EQ(outside.size(), inside.size());
    // Ink (lines and text, darker than the bands) compared over 4x4 blocks: antialiasing differs,
    // layout not.
    int blocks = 0, differ = 0;
    for (int by = 0; by + 4 <= inside.height(); by += 4) {
        for (int bx = 0; bx + 4 <= inside.width(); bx += 4) {
            int a = 0, b = 0;
            for (int y = by; y < by + 4; ++y) {
                for (int x = bx; x < bx + 4; ++x) {
                    a += qGray(inside.pixel(x, y)) < 110 ? 1 : 0;
                    b += qGray(outside.pixel(x, y)) < 110 ? 1 : 0;
                }
            }
            if (a + b > 0) {
                ++blocks;
                differ += std::abs(a - b) > 6 ? 1 : 0;
            }
        }
    }
    ASSERT_GT(blocks, 500);
    EXPECT_LT(double(differ) / blocks, 0.05)
        << differ << " of " << blocks << " inked blocks differ";
}

TEST(ChartExport, SizePresetsAreInInchesAndTheTextSizeIsWhatPaperShows) {
    QSettings().remove("export");
    rsui::ExportDialog dlg(true);
    dlg.choosePreset(0); // single column
    dlg.dpiBox()->setValue(300);
    const auto s = dlg.size();
    EXPECT_EQ(s.pixels, QSize(1050, 780)); // 3.5 x 2.6 in at 300 dpi
    EXPECT_EQ(s.svgCanvas, QSize(336, 250));
    EXPECT_DOUBLE_EQ(s.fontPt, 7.0);
    dlg.fontBox()->setValue(6.0);
    rs::ExperimentFollower exp(cellsExperiment("export-size"));
    exp.poll();
    const QString svg =
        QString::fromUtf8(rsui::renderSvg(rsui::Figures::trajectory(exp.runs(), {}), dlg.size()));
    // 6 pt at 96 canvas units per inch: 8 units for labels and legend; the title 15 % larger.
    EXPECT_TRUE(svg.contains("font-size=\"8\"")) << svg.left(2000).toStdString();
    EXPECT_TRUE(svg.contains("font-size=\"9.2\""));
    EXPECT_TRUE(svg.contains("viewBox=\"0 0 336 250\""));
    const QImage png = rsui::renderPng(rsui::Figures::trajectory(exp.runs(), {}), s);
    EXPECT_EQ(png.size(), QSize(1050, 780));
    EXPECT_NEAR(png.dotsPerMeterX() * 0.0254, 300.0, 1.0);
}

TEST(ChartExport, TheHeatmapExportHasOneTextSizeEveryColumnAndALabelledColourBar) {
    rs::ExperimentFollower exp(cellsExperiment("heat-export"));
    exp.poll();
    const auto f = rsui::Figures::heatmap(exp.runs(), {});
    ASSERT_TRUE(f.heat.has_value());
    const QString svg = QString::fromUtf8(rsui::renderSvg(f));
    const QRegularExpression text(QStringLiteral(R"re(<text([^>]*)>([^<]*)</text>)re"));
    const QRegularExpression sizeOf(QStringLiteral(R"re(font-size="([^"]*)")re"));
    QStringList strings;
    QSet<QString> sizes;
    for (auto it = text.globalMatch(svg); it.hasNext();) {
        const auto m = it.next();
        strings << m.captured(2);
        // Every label of the grid, its scale and the bar's title in one size; the chart's title
        // and note above it have their own.
        if (m.captured(2) != f.title && m.captured(2) != f.note) {
            sizes.insert(sizeOf.match(m.captured(1)).captured(1));
        }
    }
    EXPECT_EQ(sizes.size(), 1) << QStringList(sizes.values()).join(' ').toStdString();
    for (const auto tokens : f.heat->columnTokens) { // every checkpoint labelled
        EXPECT_TRUE(strings.contains(rsui::formatTokens(double(tokens))))
            << rsui::formatTokens(double(tokens)).toStdString();
    }
    EXPECT_TRUE(strings.contains(f.heat->valueTitle)); // the colour bar says what it shows
    // One panel: no panel caption drawn over the grid (the note names it).
    EXPECT_FALSE(strings.contains(f.heat->panels.front().title));
}
