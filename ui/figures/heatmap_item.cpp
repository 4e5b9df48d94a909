#include "ui/figures/heatmap_item.h"

#include "ui/figures/figure_builder.h"

#include <QFontMetricsF>
#include <QGraphicsSceneHoverEvent>
#include <QGraphicsSceneMouseEvent>
#include <QLinearGradient>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace rsui {

namespace {

constexpr double kRowLabelWidth = 34, kColumnLabelHeight = 30, kTitleHeight = 18, kBarWidth = 14,
                 kBarLabels = 64, kGap = 14;

int panelColumns(int panels) {
    return panels <= 1 ? 1 : int(std::ceil(std::sqrt(double(panels))));
}

} // namespace

QColor viridis(double t) {
    // Nine samples of matplotlib's viridis, linearly interpolated.
    static constexpr std::array<std::array<int, 3>, 9> stops = {{{68, 1, 84},
                                                                 {71, 44, 122},
                                                                 {59, 81, 139},
                                                                 {44, 113, 142},
                                                                 {33, 144, 141},
                                                                 {39, 173, 129},
                                                                 {92, 200, 99},
                                                                 {170, 220, 50},
                                                                 {253, 231, 37}}};
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * double(stops.size() - 1);
    const size_t i = std::min(size_t(t), stops.size() - 2);
    const double u = t - double(i);
    auto mix = [&](int c) { return int(std::lround(stops[i][c] * (1 - u) + stops[i + 1][c] * u)); };
    return QColor(mix(0), mix(1), mix(2));
}

HeatmapItem::HeatmapItem(QGraphicsItem* parent) : QGraphicsObject(parent) {
    setAcceptHoverEvents(true);
    setZValue(5);
}

void HeatmapItem::setGrid(const HeatGrid& g, std::optional<qint64> marker) {
    grid_ = g;
    marker_ = marker;
    std::tie(lo_, hi_) = g.range();
    if (!std::isfinite(lo_)) {
        lo_ = 0;
        hi_ = 1;
    }
    update();
}

void HeatmapItem::setArea(const QRectF& area) {
    prepareGeometryChange();
    area_ = area;
    update();
}

void HeatmapItem::setTextColor(const QColor& c) {
    text_ = c;
    update();
}

QRectF HeatmapItem::boundingRect() const {
    return area_;
}

QColor HeatmapItem::colourOf(double v) const {
    if (!std::isfinite(v)) {
        return QColor(128, 128, 128, 60);
    }
    return viridis(hi_ > lo_ ? (v - lo_) / (hi_ - lo_) : 0.5);
}

QRectF HeatmapItem::panelRect(int panel) const {
    const int n = int(grid_.panels.size());
    const int cols = panelColumns(n), rows = (n + cols - 1) / std::max(1, cols);
    const QRectF inner = area_.adjusted(0, 0, -(kBarWidth + kBarLabels + kGap), 0);
    const double w = inner.width() / cols, h = inner.height() / std::max(1, rows);
    const QRectF cell(inner.left() + (panel % cols) * w, inner.top() + (panel / cols) * h, w, h);
    return cell.adjusted(kRowLabelWidth, kTitleHeight, -kGap / 2, -kColumnLabelHeight);
}

HeatmapItem::Cell HeatmapItem::cellAt(const QPointF& pos) const {
    for (int i = 0; i < grid_.panels.size(); ++i) {
        const QRectF r = panelRect(i);
        const int rows = int(grid_.rowLabels.size()), cols = int(grid_.columnTokens.size());
        if (r.contains(pos) && rows > 0 && cols > 0) {
            const int c = std::min(cols - 1, int((pos.x() - r.left()) / r.width() * cols));
            const int row = std::min(rows - 1, int((pos.y() - r.top()) / r.height() * rows));
            return {i, row, c};
        }
    }
    return {};
}

QString HeatmapItem::cellText(const Cell& c) const {
    if (c.panel < 0) {
        return {};
    }
    const double v = grid_.panels[c.panel].values.value(c.row).value(c.column, NAN);
    return QStringLiteral("%1 · %2\n%3 tokens\n%4 = %5")
        .arg(grid_.panels[c.panel].title, grid_.rowLabels.value(c.row),
             formatTokens(double(grid_.columnTokens.value(c.column))), grid_.valueTitle,
             std::isfinite(v) ? QString::number(v, 'g', 6) : QStringLiteral("—"));
}

void HeatmapItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    if (grid_.panels.isEmpty() || grid_.columnTokens.isEmpty() || area_.isEmpty()) {
        return;
    }
    p->save();
    for (int i = 0; i < grid_.panels.size(); ++i) {
        paintPanel(p, i);
    }
    paintColourBar(p);
    p->restore();
}

void HeatmapItem::paintPanel(QPainter* p, int panel) const {
    const QRectF r = panelRect(panel);
    const int rows = int(grid_.rowLabels.size()), cols = int(grid_.columnTokens.size());
    const double cw = r.width() / cols, rh = r.height() / std::max(1, rows);
    const auto& values = grid_.panels[panel].values;
    p->setPen(Qt::NoPen);
    for (int row = 0; row < rows; ++row) {
        for (int c = 0; c < cols; ++c) {
            p->setBrush(colourOf(values.value(row).value(c, NAN)));
            // Overlap by a fraction of a pixel: no hairline gaps between cells when scaled.
            p->drawRect(QRectF(r.left() + c * cw, r.top() + row * rh, cw + 0.5, rh + 0.5));
        }
    }
    p->setPen(text_);
    p->setBrush(Qt::NoBrush);
    const QFontMetricsF fm(p->font());
    p->drawText(QRectF(r.left(), r.top() - kTitleHeight, r.width(), kTitleHeight), Qt::AlignCenter,
                grid_.panels[panel].title);
    const int step = std::max(1, int(std::ceil(rows * fm.height() / std::max(1.0, r.height()))));
    for (int row = 0; row < rows; row += step) {
        p->drawText(QRectF(r.left() - kRowLabelWidth, r.top() + row * rh, kRowLabelWidth - 4, rh),
                    Qt::AlignRight | Qt::AlignVCenter, grid_.rowLabels[row]);
    }
    // Column labels: as many token counts as fit side by side.
    const double labelW = fm.horizontalAdvance(QStringLiteral("999.9M")) + 6;
    const int every = std::max(1, int(std::ceil(labelW / std::max(1.0, cw))));
    for (int c = 0; c < cols; c += every) {
        p->drawText(
            QRectF(r.left() + (c + 0.5) * cw - labelW / 2, r.bottom() + 2, labelW, fm.height()),
            Qt::AlignHCenter | Qt::AlignTop, formatTokens(double(grid_.columnTokens[c])));
    }
    p->drawText(QRectF(r.left(), r.bottom() + fm.height() + 2, r.width(), fm.height()),
                Qt::AlignCenter, Figures::tr("checkpoint (training tokens)"));
    if (marker_) {
        const auto it =
            std::upper_bound(grid_.columnTokens.begin(), grid_.columnTokens.end(), *marker_);
        const int c = int(it - grid_.columnTokens.begin()) - 1;
        if (c >= 0) {
            QPen pen(text_, 2.0, Qt::DashLine);
            p->setPen(pen);
            p->drawRect(QRectF(r.left() + c * cw, r.top(), cw, r.height()));
        }
    }
}

void HeatmapItem::paintColourBar(QPainter* p) const {
    const QRectF bar(area_.right() - kBarWidth - kBarLabels, panelRect(0).top(), kBarWidth,
                     std::max(20.0, area_.height() * 0.6));
    QLinearGradient grad(bar.bottomLeft(), bar.topLeft());
    for (int i = 0; i <= 8; ++i) {
        grad.setColorAt(i / 8.0, viridis(i / 8.0));
    }
    p->setPen(QPen(text_, 0.8));
    p->setBrush(grad);
    p->drawRect(bar);
    const QFontMetricsF fm(p->font());
    for (int i = 0; i <= 4; ++i) {
        const double v = lo_ + (hi_ - lo_) * i / 4.0;
        const double y = bar.bottom() - bar.height() * i / 4.0;
        p->drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        p->drawText(QRectF(bar.right() + 6, y - fm.height() / 2, kBarLabels - 6, fm.height()),
                    Qt::AlignLeft | Qt::AlignVCenter, QString::number(v, 'g', 3));
    }
}

void HeatmapItem::hoverMoveEvent(QGraphicsSceneHoverEvent* e) {
    Q_EMIT hovered(cellText(cellAt(e->pos())));
}

void HeatmapItem::hoverLeaveEvent(QGraphicsSceneHoverEvent*) {
    Q_EMIT hovered(QString());
}

void HeatmapItem::mousePressEvent(QGraphicsSceneMouseEvent* e) {
    const Cell c = cellAt(e->pos());
    if (c.panel < 0) {
        e->ignore();
        return;
    }
    Q_EMIT cellClicked(grid_.columnTokens[c.column], c.row);
    e->accept();
}

} // namespace rsui
