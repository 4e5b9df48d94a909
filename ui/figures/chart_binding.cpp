#include "ui/figures/chart_binding.h"
#include "ui/figures/figure_builder.h"
#include "ui/figures/heatmap_item.h"

#include <QAreaSeries>
#include <QBrush>
#include <QCategoryAxis>
#include <QChart>
#include <QFont>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rsui {

namespace {

QString number(double v) {
    return QString::number(v, 'g', 4);
}

} // namespace

ChartBinding::ChartBinding(QChart* chart, QObject* parent) : QObject(parent), chart_(chart) {
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->legend()->setShowToolTips(true);
    QFont tf = chart_->titleFont();
    tf.setPointSizeF(tf.pointSizeF() * 1.15);
    tf.setBold(true);
    chart_->setTitleFont(tf);
    message_ = new QGraphicsSimpleTextItem(chart_);
    chart_->setPlotAreaBackgroundVisible(true);
    connect(chart_, &QChart::plotAreaChanged, this, [this] { layoutOverlays(); });
}

QXYSeries* ChartBinding::series(const QString& name) const {
    auto* s = series_.value(name, nullptr);
    if (auto* area = qobject_cast<QAreaSeries*>(s)) {
        return area->upperSeries();
    }
    return qobject_cast<QXYSeries*>(s);
}

void ChartBinding::apply(const FigureData& f) {
    figure_ = f;
    applyTitles(f);
    if (syncSeries(f)) {
        connectLegend();
    }
    placeLegend(f);
    applyHidden();
    syncMarker(f);
    syncHeatmap(f);
    if (!highlight_.isEmpty()) {
        applyHighlight();
    }
    if (!userZoomed_) {
        fitRanges();
    } else if (marker_) {
        fitRanges(); // keeps ranges, only places the marker
    }
    message_->setText(f.empty() ? f.emptyMessage : QString());
    layoutOverlays();
}

void ChartBinding::applyTitles(const FigureData& f) {
    // The note (what is selected, a correlation) is the title's second line: never over data.
    chart_->setTitle(f.note.isEmpty() ? f.title
                                      : QStringLiteral("%1<br/><span style=\"font-weight:normal; "
                                                       "font-size:small\">%2</span>")
                                            .arg(f.title.toHtmlEscaped(), f.note.toHtmlEscaped()));
    if (!haveAxes_ || f.logX != logX_ || f.logY != logY_) {
        rebuildAxes(f);
    }
    axisX_->setTitleText(f.xTitle);
    axisY_->setTitleText(f.yTitle);
}

// Series no longer in the figure go; existing ones are replaced in bulk; new ones are added.
// Returns whether any was added.
bool ChartBinding::syncSeries(const FigureData& f) {
    QSet<QString> wanted;
    for (const auto& s : f.series) {
        wanted.insert(s.name);
    }
    for (auto it = series_.begin(); it != series_.end();) {
        if (!wanted.contains(it.key())) {
            chart_->removeSeries(it.value());
            it.value()->deleteLater();
            it = series_.erase(it);
        } else {
            ++it;
        }
    }
    bool added = false;
    for (const auto& s : f.series) {
        QAbstractSeries* as = series_.value(s.name, nullptr);
        if (!as) {
            as = createSeries(s);
            series_.insert(s.name, as);
            added = true;
        }
        fillSeries(as, s);
    }
    return added;
}

QAbstractSeries* ChartBinding::createSeries(const PlotSeries& s) {
    QAbstractSeries* as = nullptr;
    if (s.kind == PlotSeries::Kind::Band) {
        auto* upper = new QLineSeries;
        auto* lower = new QLineSeries;
        auto* area = new QAreaSeries(upper, lower);
        upper->setParent(area);
        lower->setParent(area);
        as = area;
    } else if (s.kind == PlotSeries::Kind::Scatter) {
        auto* sc = new QScatterSeries;
        sc->setMarkerSize(7.0);
        sc->setBorderColor(Qt::transparent);
        as = sc;
    } else {
        as = new QLineSeries;
    }
    as->setName(s.name);
    chart_->addSeries(as);
    as->attachAxis(axisX_);
    as->attachAxis(axisY_);
    return as;
}

namespace {

// A near-black series (Okabe-Ito's black) would vanish on a dark background: drawn light grey.
QColor onBackground(const QColor& c, const ChartColors& colors) {
    if (colors.isDark() && c.lightnessF() < 0.2) {
        QColor light(205, 205, 205);
        light.setAlpha(c.alpha());
        return light;
    }
    return c;
}

} // namespace

void ChartBinding::fillSeries(QAbstractSeries* as, const PlotSeries& plot) {
    PlotSeries s = plot;
    s.color = onBackground(plot.color, colors_);
    if (auto* area = qobject_cast<QAreaSeries*>(as)) {
        area->upperSeries()->replace(toPlot(s.upper));
        area->lowerSeries()->replace(toPlot(s.points));
        QColor c = s.color;
        c.setAlpha(55);
        area->setBrush(c);
        area->setPen(Qt::NoPen);
    } else if (auto* sc = qobject_cast<QScatterSeries*>(as)) {
        sc->setColor(s.color);
        sc->replace(toPlot(s.points));
    } else if (auto* line = qobject_cast<QLineSeries*>(as)) {
        QPen pen(s.color);
        pen.setWidthF(2.0);
        pen.setStyle(s.dashed ? Qt::DashLine : Qt::SolidLine);
        line->setPen(pen);
        line->setPointsVisible(s.markers);
        line->replace(toPlot(s.points));
    }
}

void ChartBinding::placeLegend(const FigureData& f) {
    // A long legend goes to the side, one entry per line, instead of being elided in a row.
    int entries = 0;
    for (const auto& s : f.series) {
        entries += s.legend ? 1 : 0;
    }
    chart_->legend()->setAlignment(entries > 6 ? Qt::AlignRight : Qt::AlignBottom);
    for (const auto& s : f.series) {
        for (auto* m : chart_->legend()->markers(series_.value(s.name))) {
            m->setVisible(s.legend);
        }
    }
}

// The marker (checkpoint or slider position) is a vertical line across the y range.
void ChartBinding::syncMarker(const FigureData& f) {
    if (f.markerX && !f.empty()) {
        if (!marker_) {
            marker_ = new QLineSeries;
            marker_->setName(QStringLiteral("__marker"));
            chart_->addSeries(marker_);
            marker_->attachAxis(axisX_);
            marker_->attachAxis(axisY_);
            QPen pen(colors_.marker);
            pen.setStyle(Qt::DotLine);
            pen.setWidthF(1.5);
            marker_->setPen(pen);
            for (auto* m : chart_->legend()->markers(marker_)) {
                m->setVisible(false);
            }
        }
    } else if (marker_) {
        chart_->removeSeries(marker_);
        delete marker_;
        marker_ = nullptr;
    }
}

void ChartBinding::setColors(const ChartColors& c) {
    colors_ = c;
    chart_->setBackgroundBrush(c.background);
    chart_->setPlotAreaBackgroundBrush(c.plotArea);
    chart_->setTitleBrush(c.text);
    chart_->legend()->setLabelColor(c.text);
    message_->setBrush(c.subtleText);
    if (heat_) {
        heat_->setTextColor(c.text);
    }
    if (marker_) {
        QPen pen = marker_->pen();
        pen.setColor(c.marker);
        marker_->setPen(pen);
    }
    applyAxisColors();
    restyleSeries(); // series colours adapt to the background
    applyHidden();
}

void ChartBinding::setTextSize(double pt) {
    textPt_ = pt;
    applyFonts();
}

void ChartBinding::applyFonts() {
    if (textPt_ <= 0) {
        return;
    }
    QFont text = chart_->legend()->font();
    text.setPointSizeF(textPt_);
    chart_->legend()->setFont(text);
    QFont title = chart_->titleFont();
    title.setPointSizeF(textPt_ * 1.15);
    chart_->setTitleFont(title);
    for (auto* a : {static_cast<QAbstractAxis*>(axisX_), static_cast<QAbstractAxis*>(axisY_)}) {
        if (a) {
            a->setLabelsFont(text);
            QFont t = text;
            t.setBold(true);
            a->setTitleFont(t);
        }
    }
    if (heat_) {
        heat_->setFont(text);
    }
}

void ChartBinding::applyAxisColors() {
    for (auto* a : {axisX_, axisY_}) {
        if (!a) {
            continue;
        }
        a->setLabelsBrush(colors_.text);
        a->setTitleBrush(colors_.text);
        a->setGridLineColor(colors_.grid);
        a->setMinorGridLineColor(colors_.grid.lighter(colors_.isDark() ? 80 : 110));
        a->setLinePenColor(colors_.subtleText);
    }
}

void ChartBinding::setHighlight(const QString& run) {
    if (run == highlight_) {
        return;
    }
    highlight_ = run;
    restyleSeries();
}

// Every drawn series in the figure's own style for this background, then the highlight on top.
void ChartBinding::restyleSeries() {
    for (const auto& s : figure_.series) {
        if (auto* as = series_.value(s.name)) {
            fillSeries(as, s);
        }
    }
    applyHighlight();
}

void ChartBinding::applyHighlight() {
    if (highlight_.isEmpty()) {
        return;
    }
    for (const auto& s : figure_.series) {
        auto* as = series_.value(s.name);
        const bool mine = s.runs.contains(highlight_);
        if (auto* line = qobject_cast<QLineSeries*>(as)) {
            QPen pen = line->pen();
            QColor c = pen.color();
            c.setAlphaF(mine ? c.alphaF() : c.alphaF() * 0.3);
            pen.setColor(c);
            pen.setWidthF(mine ? 4.0 : pen.widthF());
            line->setPen(pen);
        } else if (auto* sc = qobject_cast<QScatterSeries*>(as)) {
            QColor c = sc->color();
            c.setAlphaF(mine ? 1.0 : 0.3);
            sc->setColor(c);
        }
    }
}

// A heatmap replaces axes and legend; the other figures bring them back.
void ChartBinding::syncHeatmap(const FigureData& f) {
    const bool heat = f.heat.has_value();
    axisX_->setVisible(!heat);
    axisY_->setVisible(!heat);
    chart_->legend()->setVisible(!heat);
    if (!heat) {
        if (heat_) {
            heat_->hide();
        }
        return;
    }
    if (!heat_) {
        heat_ = new HeatmapItem(chart_);
        connect(heat_, &HeatmapItem::hovered, this, &ChartBinding::hovered);
    }
    heat_->setTextColor(colors_.text);
    heat_->setFont(chart_->legend()->font());
    heat_->setGrid(*f.heat, f.markerX ? std::optional<qint64>(qint64(*f.markerX)) : std::nullopt);
    heat_->show();
}

void ChartBinding::clickAt(const QPointF& pos) {
    if (heat_ && heat_->isVisible()) {
        const auto c = heat_->cellAt(heat_->mapFromParent(pos));
        if (c.panel >= 0 && figure_.heat) {
            Q_EMIT pointClicked(QString(),
                                QPointF(double(figure_.heat->columnTokens[c.column]), c.row));
        }
        return;
    }
    // The nearest visible point within 10 pixels.
    QString best;
    QPointF bestPoint;
    double bestDist = 10.0;
    for (auto it = series_.begin(); it != series_.end(); ++it) {
        auto* xy = qobject_cast<QXYSeries*>(it.value());
        if (!xy || !xy->isVisible()) {
            continue;
        }
        for (const auto& p : xy->points()) {
            const QPointF at = chart_->mapToPosition(p, xy);
            const double d = std::hypot(at.x() - pos.x(), at.y() - pos.y());
            if (d < bestDist) {
                bestDist = d;
                best = it.key();
                bestPoint = p;
            }
        }
    }
    if (!best.isEmpty()) {
        Q_EMIT pointClicked(best, fromPlot(bestPoint));
    }
}

// TensorBoard's hover card: the x snaps to the nearest drawn point (a checkpoint, an index),
// then every visible series with a point there gives its value, its band and how many runs it
// pools.
QString ChartBinding::hoverCard(const QPointF& pos) const {
    if (figure_.heat || figure_.series.isEmpty() || !chart_->plotArea().contains(pos)) {
        return {};
    }
    const QPointF at = chart_->mapToValue(pos);
    double bestX = 0, bestDist = std::numeric_limits<double>::infinity();
    for (const auto& s : figure_.series) {
        if (figure_.hidden.contains(s.id()) || !s.legend || s.kind == PlotSeries::Kind::Band) {
            continue;
        }
        for (const auto& p : s.points) {
            const double d = std::abs(toPlot(p).x() - at.x());
            if (d < bestDist) {
                bestDist = d;
                bestX = p.x();
            }
        }
    }
    if (!std::isfinite(bestDist)) {
        return {};
    }
    const double tolerance = 1e-9 * std::max(1.0, std::abs(bestX));
    auto valueAt = [&](const QList<QPointF>& pts) -> std::optional<qsizetype> {
        for (qsizetype i = 0; i < pts.size(); ++i) {
            if (std::abs(pts[i].x() - bestX) <= tolerance) {
                return i;
            }
        }
        return std::nullopt;
    };
    QStringList lines;
    lines << (figure_.xTokens > 0 ? tr("%1 tokens").arg(formatTokens(bestX * figure_.xTokens))
                                  : QStringLiteral("%1 = %2").arg(figure_.xTitle, number(bestX)));
    for (const auto& s : figure_.series) {
        if (figure_.hidden.contains(s.id()) || !s.legend || s.kind == PlotSeries::Kind::Band) {
            continue;
        }
        const auto i = valueAt(s.points);
        if (!i) {
            continue;
        }
        QString line = QStringLiteral("%1: %2").arg(s.name, number(s.points[*i].y()));
        for (const auto& b : figure_.series) {
            if (b.kind == PlotSeries::Kind::Band && b.id() == s.id()) {
                if (const auto j = valueAt(b.points); j && *j < b.upper.size()) {
                    line += QStringLiteral(" [%1, %2]")
                                .arg(number(b.points[*j].y()), number(b.upper[*j].y()));
                }
            }
        }
        if (s.pooled > 1) {
            line += tr(", n = %1").arg(s.pooled);
        }
        lines << line;
    }
    return lines.size() > 1 ? lines.join(QLatin1Char('\n')) : QString();
}

void ChartBinding::hoverAt(const QPointF& pos) {
    if (figure_.heat) {
        return; // the heatmap's cells answer for themselves
    }
    Q_EMIT hovered(hoverCard(pos));
}

void ChartBinding::layoutOverlays() {
    const QRectF pa = chart_->plotArea();
    if (heat_) {
        heat_->setArea(pa);
    }
    const QRectF mr = message_->boundingRect();
    message_->setPos(pa.center().x() - mr.width() / 2, pa.center().y() - mr.height() / 2);
}

void ChartBinding::connectLegend() {
    for (auto* m : chart_->legend()->markers()) {
        connect(m, &QLegendMarker::clicked, this, &ChartBinding::onMarkerClicked,
                Qt::UniqueConnection);
    }
}

// A legend click hides or shows the series of that entry and its band (one id).
void ChartBinding::onMarkerClicked() {
    auto* m = qobject_cast<QLegendMarker*>(sender());
    if (!m || !m->series()) {
        return;
    }
    for (const auto& ps : figure_.series) {
        if (ps.name == m->series()->name()) {
            setSeriesHidden(ps.id(), !figure_.hidden.contains(ps.id()));
            Q_EMIT hiddenChanged(figure_.hidden);
            return;
        }
    }
}

void ChartBinding::setSeriesHidden(const QString& id, bool hidden) {
    if (hidden) {
        figure_.hidden.insert(id);
    } else {
        figure_.hidden.remove(id);
    }
    applyHidden();
    if (!userZoomed_) {
        fitRanges();
    }
}

// Hidden series are not drawn; their legend entry stays, struck out and faint, to bring them
// back.
void ChartBinding::applyHidden() {
    for (const auto& ps : figure_.series) {
        auto* as = series_.value(ps.name);
        if (!as) {
            continue;
        }
        const bool hidden = figure_.hidden.contains(ps.id());
        as->setVisible(!hidden);
        for (auto* m : chart_->legend()->markers(as)) {
            m->setVisible(ps.legend);
            QFont f = m->font();
            f.setStrikeOut(hidden);
            m->setFont(f);
            QColor c = colors_.text;
            c.setAlphaF(hidden ? 0.4 : 1.0);
            m->setLabelBrush(c);
        }
    }
}

FigureData ChartBinding::shownFigure() const {
    FigureData f = figure_;
    if (userZoomed_ && !f.heat) {
        f.viewRange = visibleRange();
    }
    return f.shown();
}

QStringList ChartBinding::tickLabels(bool x) const {
    auto* a = x ? axisX_ : axisY_;
    return a ? a->categoriesLabels() : QStringList();
}

} // namespace rsui
