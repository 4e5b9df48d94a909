#pragma once

#include "ui/figures/figure_data.h"

#include <QColor>
#include <QFont>
#include <QGraphicsObject>

#include <optional>

namespace rsui {

// Viridis, t in [0, 1]: perceptually uniform, readable in grey and with the common
// colour-vision deficiencies.
QColor viridis(double t);

// Draws a HeatGrid into a rectangle of the chart (panels, row and column labels, a colour bar
// with its scale) and reports the cell under the mouse. Part of the chart's scene, so PNG and SVG
// export draw it like any series.
class HeatmapItem : public QGraphicsObject {
    Q_OBJECT

  public:
    explicit HeatmapItem(QGraphicsItem* parent = nullptr);
    void setGrid(const HeatGrid& g, std::optional<qint64> marker);
    void setArea(const QRectF& area);
    void setTextColor(const QColor& c);
    // The one font of every label (the chart's axis labels'), so an export has one text size.
    void setFont(const QFont& f);
    const QFont& font() const { return font_; }
    QRectF boundingRect() const override;
    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override;

    struct Cell {
        int panel = -1, row = -1, column = -1;
    };
    // The cell at a point in item coordinates (panel -1: none).
    Cell cellAt(const QPointF& pos) const;
    QString cellText(const Cell& c) const;

  Q_SIGNALS:
    void hovered(const QString& text);
    void cellClicked(qint64 tokens, int layer);

  protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent* e) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* e) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* e) override;

  private:
    QRectF panelRect(int panel) const; // the cells' rectangle of a panel
    bool columnLabelsUpright(double panelWidth) const;
    void paintPanel(QPainter* p, int panel) const;
    void paintColourBar(QPainter* p) const;
    QColor colourOf(double v) const;

    HeatGrid grid_;
    std::optional<qint64> marker_;
    QRectF area_;
    QColor text_ = Qt::black;
    double lo_ = 0, hi_ = 1;
    QFont font_;
};

} // namespace rsui
