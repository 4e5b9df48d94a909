#pragma once

#include "ui/figures/axis_ticks.h"
#include "ui/figures/chart_colors.h"
#include "ui/figures/figure_data.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QAbstractSeries;
class QCategoryAxis;
class QChart;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QXYSeries;

namespace rsui {

// Keeps a QChart in step with successive FigureData: series are matched by name and updated
// in bulk with QXYSeries::replace (no per-point signals), axes are refitted unless the user has
// zoomed, animations stay off. Used by the live views and by headless export alike.
class ChartBinding : public QObject {
    Q_OBJECT

  public:
    explicit ChartBinding(QChart* chart, QObject* parent = nullptr);
    void apply(const FigureData& f);
    QChart* chart() const { return chart_; }
    const FigureData& figure() const { return figure_; }
    // Zoom state: a rubber-band zoom freezes the ranges until resetZoom().
    void setUserZoomed(bool z) { userZoomed_ = z; }
    bool userZoomed() const { return userZoomed_; }
    // Zooms to `range` (data coordinates) as a rubber band would.
    void zoomTo(const QRectF& range);
    void resetZoom();
    // The axes' current ranges in data coordinates (x: left/right, y: top/bottom).
    QRectF visibleRange() const;
    // What the screen shows, for export: the figure without the series hidden in the legend,
    // within the zoomed range if the user zoomed.
    FigureData shownFigure() const;
    // The tick labels drawn on the x or y axis, in order (for tests and the accessible text).
    QStringList tickLabels(bool x) const;
    // Hides or shows the series with this PlotSeries::id (as a legend click does).
    void setSeriesHidden(const QString& id, bool hidden);
    QXYSeries* series(const QString& name) const; // for tests: the drawn points

    // A click at `pos` (chart coordinates): the nearest drawn point within a few pixels, or
    // the heatmap cell, is announced by pointClicked.
    void clickAt(const QPointF& pos);
    // The hover card at `pos` (chart coordinates; empty off the data): announced by hovered.
    QString hoverCard(const QPointF& pos) const;
    void hoverAt(const QPointF& pos);
    class HeatmapItem* heatmap() const {
        return heat_;
    }
    // The frame's colours (background, text, grid): the live views follow the theme, exports
    // are light unless asked for dark.
    void setColors(const ChartColors& c);
    const ChartColors& colors() const { return colors_; }
    // One text size in points for axis labels, axis titles, legend and heatmap (the title 15 %
    // larger), for exports sized for paper.
    void setTextSize(double pt);
    // Draws the series of `run` bold and fades the others; empty: all as usual.
    void setHighlight(const QString& run);
    QString highlight() const { return highlight_; }

  Q_SIGNALS:
    void hovered(const QString& text);
    // A legend click hid or showed series: the ids now hidden (the view keeps them across
    // option changes).
    void hiddenChanged(const QSet<QString>& hidden);
    // The series (empty for a heatmap cell) and the clicked point in data coordinates; for a
    // heatmap x is the column's checkpoint in tokens and y its layer.
    void pointClicked(const QString& series, const QPointF& point);

  private:
    void applyTitles(const FigureData& f);
    bool syncSeries(const FigureData& f);
    QAbstractSeries* createSeries(const PlotSeries& s);
    void fillSeries(QAbstractSeries* as, const PlotSeries& s);
    void placeLegend(const FigureData& f);
    void syncMarker(const FigureData& f);
    void rebuildAxes(const FigureData& f);
    void fitRanges();
    void setPlotRange(double x0, double x1, double y0, double y1);
    std::vector<AxisTick> ticksFor(bool x) const;
    void relabel();
    void applyHidden();
    QPointF toPlot(const QPointF& p) const; // log10 on a logarithmic axis
    QPointF fromPlot(const QPointF& p) const;
    QList<QPointF> toPlot(const QList<QPointF>& pts) const;
    void layoutOverlays();
    void connectLegend();
    void syncHeatmap(const FigureData& f);
    void restyleSeries();
    void applyHighlight();
    void applyAxisColors();
    void applyFonts();
    void onMarkerClicked();

    QChart* chart_;
    FigureData figure_;
    QHash<QString, QAbstractSeries*> series_;
    QLineSeries* marker_ = nullptr;
    QCategoryAxis* axisX_ = nullptr;
    QCategoryAxis* axisY_ = nullptr;
    bool logX_ = false, logY_ = false, haveAxes_ = false;
    bool relabeling_ = false;
    bool userZoomed_ = false;
    QGraphicsSimpleTextItem* message_ = nullptr;
    class HeatmapItem* heat_ = nullptr; // made for the first heatmap figure
    QString highlight_;
    ChartColors colors_ = ChartColors::light();
    double textPt_ = 0; // 0: the fonts QtCharts chose
};

} // namespace rsui
