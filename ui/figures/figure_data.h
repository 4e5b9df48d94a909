#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

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
    QColor color;
    QList<QPointF> points; // Band: the lower edge
    QList<QPointF> upper;  // Band only
    bool dashed = false;
    bool markers = false; // Line: draw point markers too
    bool legend = true;
};

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

    bool empty() const;
    // Exactly the plotted data in long format, header figure,series,kind,x,y,y_upper (y_upper
    // filled for bands only; kind: line, scatter or band; commas and quotes in names quoted).
    QString toCsv() const;
};

} // namespace rsui
