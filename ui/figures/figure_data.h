#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace rsui {

// What one figure plots, as plain values: computed from the experiment by figure_builder,
// drawn by ChartBinding, exported as CSV. Keeping the three apart lets the GUI, the headless
// `figures` command and the tests share every number.
struct PlotSeries {
    enum class Kind { Line, Scatter, Band };
    Kind kind = Kind::Line;
    QString name; // legend entry; also the series' identity across live updates
    // What hiding in the legend remembers (language-independent: a cell, a group's factor
    // values, a run); a band shares its line's key. Empty: the name.
    QString key;
    QColor color;
    QList<QPointF> points; // Band: the lower edge
    QList<QPointF> upper;  // Band only
    bool dashed = false;
    bool markers = false; // Line: draw point markers too
    bool legend = true;
    QStringList runs; // the runs this series draws (one run, or a cell's seeds): linked views
    int pooled = 0;   // how many runs (seeds, draws) a mean and its band pool; 0: one run
    QString id() const { return key.isEmpty() ? name : key; }
};

// A grid of values (rows: layers, columns: checkpoints) in one or more panels (small multiples,
// e.g. one per head), drawn with one colour scale.
struct HeatPanel {
    QString title;               // "mean over heads", "head 2"
    QList<QList<double>> values; // [row][column]; NaN: no value
};

struct HeatGrid {
    QStringList rowLabels;      // "L0", ...: row r is layer r, drawn top to bottom
    QList<qint64> columnTokens; // the checkpoint of each column
    QString valueTitle;         // what the colour means
    QList<HeatPanel> panels;
    // The colour scale's ends: the finite values' range over every panel.
    std::pair<double, double> range() const;
};

// The study's figures by id: file stems, settings keys and the catalog's rows (figure_catalog).
namespace figure_id {
inline constexpr char kTrajectory[] = "trajectory";
inline constexpr char kWaterfall[] = "waterfall";
inline constexpr char kDataComplexity[] = "data_complexity";
inline constexpr char kGammaVsSvd[] = "gamma_vs_svd";
inline constexpr char kSurgery[] = "surgery";
inline constexpr char kHeatmap[] = "heatmap";
inline constexpr char kLoss[] = "loss";
inline constexpr char kContrast[] = "contrast_over_time";
} // namespace figure_id

struct FigureData {
    QString id; // stable file name stem: "trajectory", "waterfall", ...
    QString title;
    QString xTitle, yTitle;
    bool logX = false, logY = false;
    QList<PlotSeries> series;
    QString note;                  // the title's second line (e.g. the Spearman correlation)
    QString emptyMessage;          // why nothing is drawn yet, shown instead of an empty chart
    std::optional<double> markerX; // a vertical marker (the surgery slider)
    bool integerX = false;         // layer or index axes
    std::optional<std::pair<double, double>> xRange; // fixed x range (percent axes)
    double xTokens = 0; // tokens per x unit where x is training tokens (1), else 0
    QString run;        // the one run a figure shows (heatmap, scatter, surgery), if so
    // The runs such a figure can show (its Run choices); empty: any run.
    QStringList focusChoices;

    std::optional<HeatGrid> heat; // a heatmap instead of series (then no axes are drawn)

    // What the screen shows beyond the data: series hidden in the legend (by PlotSeries::id)
    // and a zoomed range (data coordinates: left/right x, top/bottom the y range's ends).
    QSet<QString> hidden;
    std::optional<QRectF> viewRange;

    bool empty() const;
    // The figure as exported: without the hidden series, and within the zoomed x range.
    FigureData shown() const;
    // Exactly the plotted data in long format, header figure,series,kind,<x>,y,y_upper (y_upper
    // filled for bands only; kind: line, scatter or band; commas and quotes in names quoted).
    // <x> is "tokens" (raw training tokens) where x is training tokens, else "x".
    // A heatmap: figure,panel,layer,tokens,value, one line per cell (value empty: none).
    QString toCsv() const;
};

} // namespace rsui
