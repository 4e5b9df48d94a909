#include "ui/figures/heatmap_item.h"

#include "ui/figures/axis_ticks.h"
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

constexpr double kRowLabelWidth = 34, kTitleHeight = 18, kBarWidth = 14, kBarLabels = 64, kGap = 14;

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

void HeatmapItem::setFont(const QFont& f) {
    font_ = f;
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
    const QFontMetricsF fm(font_);
    // Room right of the panels for the bar, its scale and its title.
    const QRectF inner = area_.adjusted(0, 0, -(kBarWidth + kBarLabels + fm.height() + kGap), 0);
    const double w = inner.width() / cols, h = inner.height() / std::max(1, rows);
    const QRectF cell(inner.left() + (panel % cols) * w, inner.top() + (panel / cols) * h, w, h);
    // A single panel needs no title (the chart's note names it): nothing is drawn over the grid.
    const double title = n > 1 ? kTitleHeight : 4;
    // Column labels stand upright when they do not fit side by side: every column keeps one.
    const double labels = columnLabelsUpright(w - kRowLabelWidth - kGap / 2)
                              ? fm.horizontalAdvance(QStringLiteral("999.9M")) + 4
                              : fm.height() + 2;
    return cell.adjusted(kRowLabelWidth, title, -kGap / 2, -(labels + fm.height() + 4));
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

bool HeatmapItem::columnLabelsUpright(double panelWidth) const {
    const QFontMetricsF fm(font_);
    const double labelW = fm.horizontalAdvance(QStringLiteral("999.9M")) + 6;
    return grid_.columnTokens.size() * labelW > panelWidth;
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
    p->setFont(font_);
    const QFontMetricsF fm(font_);
    if (grid_.panels.size() > 1) {
        p->drawText(QRectF(r.left(), r.top() - kTitleHeight, r.width(), kTitleHeight),
                    Qt::AlignCenter, grid_.panels[panel].title);
    }
    const int step = std::max(1, int(std::ceil(rows * fm.height() / std::max(1.0, r.height()))));
    for (int row = 0; row < rows; row += step) {
        p->drawText(QRectF(r.left() - kRowLabelWidth, r.top() + row * rh, kRowLabelWidth - 4, rh),
                    Qt::AlignRight | Qt::AlignVCenter, grid_.rowLabels[row]);
    }
    // Every column's checkpoint, upright when they do not fit side by side.
    const bool upright = columnLabelsUpright(r.width());
    const double labelW = fm.horizontalAdvance(QStringLiteral("999.9M")) + 4;
    for (int c = 0; c < cols; ++c) {
        const QString t = formatTokens(double(grid_.columnTokens[c]));
        const double x = r.left() + (c + 0.5) * cw;
        if (upright) {
            p->save();
            p->translate(x, r.bottom() + 2);
            p->rotate(-90);
            p->drawText(QRectF(-labelW, -fm.height() / 2, labelW, fm.height()),
                        Qt::AlignRight | Qt::AlignVCenter, t);
            p->restore();
        } else {
            p->drawText(QRectF(x - labelW / 2, r.bottom() + 2, labelW, fm.height()),
                        Qt::AlignHCenter | Qt::AlignTop, t);
        }
    }
    const double below = upright ? labelW : fm.height();
    p->drawText(QRectF(r.left(), r.bottom() + below + 4, r.width(), fm.height()), Qt::AlignCenter,
                Figures::tr("checkpoint (training tokens)"));
    // The column shown: the scrubbed checkpoint's, or the latest.
    const auto it =
        marker_ ? std::upper_bound(grid_.columnTokens.begin(), grid_.columnTokens.end(), *marker_)
                : grid_.columnTokens.end();
    const int c = int(it - grid_.columnTokens.begin()) - 1;
    if (c >= 0) {
        QPen pen(text_, 2.0, Qt::DashLine);
        p->setPen(pen);
        p->drawRect(QRectF(r.left() + c * cw, r.top(), cw, r.height()));
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
    p->setFont(font_);
    const QFontMetricsF fm(font_);
    // The bar's title (what the colour means) upright beside its scale.
    p->save();
    p->translate(bar.right() + kBarLabels + fm.height(), bar.center().y());
    p->rotate(-90);
    p->drawText(QRectF(-bar.height(), -fm.height(), 2 * bar.height(), fm.height()), Qt::AlignCenter,
                grid_.valueTitle);
    p->restore();
    // Round values on the scale, as on the charts' axes; the ends when the range is a point.
    auto ticks = hi_ > lo_ ? linearTicks(lo_, hi_) : std::vector<AxisTick>{};
    if (ticks.empty()) {
        ticks = {{lo_, QString::number(lo_, 'g', 3)}};
    }
    for (const auto& t : ticks) {
        const double u = hi_ > lo_ ? (t.value - lo_) / (hi_ - lo_) : 0.5;
        const double y = bar.bottom() - bar.height() * u;
        p->drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        p->drawText(QRectF(bar.right() + 6, y - fm.height() / 2, kBarLabels - 6, fm.height()),
                    Qt::AlignLeft | Qt::AlignVCenter, t.label);
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
