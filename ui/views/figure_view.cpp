#include "ui/views/figure_view.h"

#include "ui/figures/chart_binding.h"
#include "ui/figures/figure_export.h"
#include "ui/views/export_dialog.h"
#include "ui/widgets/flow_layout.h"
#include "ui/widgets/retranslator.h"
#include "core/store/experiment.h"
#include "core/util/error.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QShowEvent>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace rsui {

ZoomChartView::ZoomChartView(QChart* chart, ChartBinding* binding, QWidget* parent)
    : QChartView(chart, parent), binding_(binding) {
    setRubberBand(QChartView::RectangleRubberBand);
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
}

void ZoomChartView::mousePressEvent(QMouseEvent* e) {
    pressedAt_ = e->pos();
    QChartView::mousePressEvent(e);
}

void ZoomChartView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() == Qt::RightButton) {
        binding_->resetZoom(); // instead of QChartView's zoom-out step
        e->accept();
        return;
    }
    const bool click = (e->pos() - pressedAt_).manhattanLength() < 4;
    if (click && e->button() == Qt::LeftButton) {
        // A click picks a point (linked views); only a drag zooms.
        QChartView::mouseReleaseEvent(e);
        binding_->clickAt(chart()->mapFromScene(mapToScene(e->pos())));
        return;
    }
    QChartView::mouseReleaseEvent(e);
    if (e->button() == Qt::LeftButton) {
        binding_->setUserZoomed(true);
    }
}

void ZoomChartView::mouseMoveEvent(QMouseEvent* e) {
    QChartView::mouseMoveEvent(e);
    if (!(e->buttons() & Qt::LeftButton)) { // not while dragging a zoom rectangle
        binding_->hoverAt(chart()->mapFromScene(mapToScene(e->pos())));
    }
}

void ZoomChartView::leaveEvent(QEvent* e) {
    QChartView::leaveEvent(e);
    binding_->hoverAt(QPointF(-1, -1));
}

void ZoomChartView::wheelEvent(QWheelEvent* e) {
    chart()->zoom(e->angleDelta().y() > 0 ? 1.15 : 1.0 / 1.15);
    binding_->setUserZoomed(true);
    e->accept();
}

FigureView::FigureView(const QString& id, Builder builder, RunsProvider runs, int controls,
                       QWidget* parent)
    : QWidget(parent), id_(id), builder_(std::move(builder)), runs_(std::move(runs)),
      controls_(controls) {
    auto* chart = new QChart;
    binding_ = new ChartBinding(chart, this);
    view_ = new ZoomChartView(chart, binding_, this);
    view_->setMinimumSize(320, 220);
    connect(binding_, &ChartBinding::pointClicked, this, &FigureView::onPointClicked);
    // Hidden in the legend stays hidden through option, grouping and language changes.
    connect(binding_, &ChartBinding::hiddenChanged, this,
            [this](const QSet<QString>& hidden) { hiddenSeries_ = hidden; });
    connect(binding_, &ChartBinding::hovered, this, [this](const QString& text) {
        if (text.isEmpty()) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(QCursor::pos(), text, view_);
        }
    });
    binding_->setColors(ChartColors::fromPalette(palette()));
    view_->setFocusPolicy(Qt::StrongFocus); // keyboard users reach the chart (and its name)
    texts_ = new Retranslator(this);
    // Wraps on a narrow window rather than widening it (the window fits 1280x720).
    auto* bar = new FlowLayout(nullptr, 4);
    bar->setContentsMargins(4, 2, 4, 2);
    addOptionControls(bar);
    addExportButtons(bar);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    redraw_.setSingleShot(true);
    redraw_.setInterval(40);
    connect(&redraw_, &QTimer::timeout, this, &FigureView::redrawNow);
}

FigureOptions FigureView::options() const {
    FigureOptions o;
    if (metric_) {
        o.metric = rs::metricFromKey(metric_->currentData().toString().toStdString())
                       .value_or(rs::Metric::PR);
    }
    if (qk_) {
        o.qk = rs::qkFromKey(qk_->currentData().toString().toStdString()).value_or(rs::QK::K);
    }
    if (tap_) {
        o.tap =
            rs::tapFromKey(tap_->currentData().toString().toStdString()).value_or(rs::Tap::Normed);
    }
    if (layer_) {
        o.layer = layer_->currentData().toInt();
    }
    if (head_) {
        o.head = head_->currentData().toInt();
    }
    if (focus_) {
        o.focusRun = focus_->currentData().toString();
    }
    if (keyUse_) {
        o.keyUse = KeyUse(keyUse_->currentData().toInt());
    }
    if (band_) {
        o.band = SeedBand(band_->currentData().toInt());
    }
    o.logX = logX_ && logX_->isChecked();
    o.logY = !logY_ || logY_->isChecked();
    o.smoothing = smoothing_ ? smoothing_->value() / 100.0 : 0.0;
    o.seedMean = seedMean_ && seedMean_->isChecked();
    for (const auto& [factor, action] : groupActions_) {
        if (action->isChecked()) {
            o.groupBy.push_back(factor);
        }
    }
    o.perHead = perHead_ && perHead_->isChecked();
    o.hiddenRuns = hidden_;
    o.checkpoint = checkpoint_;
    o.surgeryMarker = marker_;
    return o;
}

void FigureView::setShared(const QSet<QString>& hidden, std::optional<int64_t> checkpoint,
                           std::optional<double> surgeryMarker) {
    hidden_ = hidden;
    checkpoint_ = checkpoint;
    marker_ = surgeryMarker;
    scheduleRedraw();
}

void FigureView::setFocusRun(const QString& run) {
    if (!focus_) {
        return;
    }
    if (focus_->findData(run) < 0) {
        focus_->addItem(run, run);
    }
    focus_->setCurrentIndex(focus_->findData(run));
}

void FigureView::setHighlightedRun(const QString& run) {
    binding_->setHighlight(run);
}

// The run of the clicked series (a cell's mean: its first seed) and the checkpoint where x is
// training tokens.
void FigureView::onPointClicked(const QString& series, const QPointF& point) {
    const FigureData& f = figure();
    if (series.isEmpty()) { // a heatmap cell: x is the checkpoint
        Q_EMIT picked(f.run, qint64(point.x()));
        return;
    }
    for (const auto& s : f.series) {
        if (s.name == series) {
            const QString run = s.runs.isEmpty() ? f.run : s.runs.front();
            Q_EMIT picked(run, f.xTokens > 0 ? qint64(std::llround(point.x() * f.xTokens)) : -1);
            return;
        }
    }
}

void FigureView::scheduleRedraw() {
    // Hidden tabs wait: a checkpoint then costs one chart rebuild, not six.
    if (!isVisible()) {
        dirty_ = true;
        return;
    }
    if (!redraw_.isActive()) {
        redraw_.start();
    }
}

void FigureView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::PaletteChange) {
        binding_->setColors(ChartColors::fromPalette(palette()));
    }
    QWidget::changeEvent(e);
}

void FigureView::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (dirty_) {
        dirty_ = false;
        redraw_.start();
    }
}

void FigureView::refreshChoices(const Runs& runs) {
    int layers = 0, heads = 0;
    const rs::QK qk = options().qk;
    for (const auto* r : runs) {
        if (const auto* p = r->lastProbe()) {
            layers = std::max(layers, p->layers);
            heads = std::max(heads, p->heads(qk));
        }
    }
    auto fill = [](QComboBox* c, int n, const QString& fmt) {
        if (!c || c->count() == n + 1) {
            return;
        }
        const QSignalBlocker block(c);
        const int keep = c->currentData().toInt();
        while (c->count() > 1) {
            c->removeItem(1);
        }
        for (int i = 0; i < n; ++i) {
            c->addItem(fmt.arg(i), i);
        }
        c->setCurrentIndex(std::max(0, c->findData(keep)));
    };
    fill(layer_, layers, tr("layer %1"));
    fill(head_, heads, tr("head %1"));
    if (focus_) {
        const QSignalBlocker block(focus_);
        for (const auto* r : runs) {
            const auto name = QString::fromStdString(r->name);
            if (focus_->findData(name) < 0) {
                focus_->addItem(name, name);
            }
        }
    }
}

// The Run combo offers what the figure can show (a gamma scatter: runs with QK-Norm); the
// chosen run stays even while it cannot be shown yet.
void FigureView::narrowFocusChoices(const QStringList& choices) {
    if (!focus_ || choices.isEmpty()) {
        return;
    }
    const QSignalBlocker block(focus_);
    const QString keep = focus_->currentData().toString();
    for (int i = focus_->count() - 1; i >= 1; --i) {
        const QString run = focus_->itemData(i).toString();
        if (!choices.contains(run) && run != keep) {
            focus_->removeItem(i);
        }
    }
}

void FigureView::redrawNow() {
    dirty_ = false;
    const Runs runs = runs_();
    refreshChoices(runs);
    FigureData f = builder_(runs, options());
    f.hidden = hiddenSeries_;
    narrowFocusChoices(f.focusChoices);
    binding_->apply(f);
    describeChart();
}

// What a screen reader says for the chart: its title, and what is drawn or why nothing is.
void FigureView::describeChart() {
    const FigureData& f = figure();
    view_->setAccessibleName(f.title);
    int drawn = 0;
    for (const auto& s : f.series) {
        drawn += s.legend && !s.points.isEmpty() ? 1 : 0;
    }
    QString text = f.empty() ? f.emptyMessage
                   : f.heat ? tr("Heatmap: %1 layers by %2 checkpoints; hover a cell for its value")
                                  .arg(f.heat->rowLabels.size())
                                  .arg(f.heat->columnTokens.size())
                            : tr("%n series; x: %1; y: %2", nullptr, drawn).arg(f.xTitle, f.yTitle);
    if (!f.note.isEmpty()) {
        text = f.note + QStringLiteral(". ") + text;
    }
    view_->setAccessibleDescription(text);
}

const FigureData& FigureView::figure() const {
    return binding_->figure();
}

FigureData FigureView::shownFigure() const {
    return binding_->shownFigure();
}

FigureData FigureView::exportedFigure() {
    if (dirty_ || redraw_.isActive() || figure().id.isEmpty()) {
        redraw_.stop();
        redrawNow();
    }
    return shownFigure();
}

NamedView FigureView::namedView(const QString& name) const {
    NamedView v;
    v.name = name;
    v.figure = id_;
    v.options = options();
    v.hiddenSeries = hiddenSeries_;
    if (binding_->userZoomed() && !figure().heat) {
        v.range = binding_->visibleRange();
    }
    return v;
}

// Every control to the view's choice (a choice this figure does not offer is left as is), its
// legend and zoom; the runs it charts are the window's (MainWindow::openView sets them).
void FigureView::applyView(const NamedView& v) {
    const FigureOptions& o = v.options;
    auto choose = [](QComboBox* c, const QVariant& data) {
        if (c && c->findData(data) >= 0) {
            c->setCurrentIndex(c->findData(data));
        }
    };
    choose(metric_, QString::fromUtf8(rs::key(o.metric)));
    choose(qk_, QString::fromUtf8(rs::key(o.qk)));
    choose(tap_, QString::fromUtf8(rs::key(o.tap)));
    redrawNow(); // the layer and head choices follow the runs
    choose(layer_, o.layer);
    choose(head_, o.head);
    choose(keyUse_, int(o.keyUse));
    choose(band_, int(o.band));
    if (focus_ && !o.focusRun.isEmpty()) {
        setFocusRun(o.focusRun);
    }
    for (auto [box, on] : {std::pair{logX_, o.logX}, std::pair{logY_, o.logY},
                           std::pair{seedMean_, o.seedMean}, std::pair{perHead_, o.perHead}}) {
        if (box) {
            box->setChecked(on);
        }
    }
    if (smoothing_) {
        smoothing_->setValue(int(std::lround(o.smoothing * 100)));
    }
    if (groupBy_) {
        setGroupBy(o.groupBy);
    }
    hiddenSeries_ = v.hiddenSeries;
    redrawNow();
    if (v.range) {
        binding_->zoomTo(*v.range);
    } else {
        binding_->resetZoom();
    }
}

void FigureView::saveSettings(QSettings& s) const {
    s.beginGroup(QStringLiteral("figure/") + id_);
    auto save = [&](const char* key, QComboBox* c) {
        if (c) {
            s.setValue(key, c->currentData());
        }
    };
    save("metric", metric_);
    save("keyUse", keyUse_);
    save("band", band_);
    save("qk", qk_);
    save("tap", tap_);
    save("layer", layer_);
    save("head", head_);
    if (logX_) {
        s.setValue("logX", logX_->isChecked());
    }
    for (const auto& [key, box] : {std::pair{"logY", logY_}, std::pair{"seedMean", seedMean_},
                                   std::pair{"perHead", perHead_}}) {
        if (box) {
            s.setValue(key, box->isChecked());
        }
    }
    if (smoothing_) {
        s.setValue("smoothing", smoothing_->value());
    }
    if (groupBy_) {
        QStringList keys;
        for (const auto f : options().groupBy) {
            keys << QString::fromUtf8(rs::key(f));
        }
        s.setValue("groupBy", keys);
    }
    s.endGroup();
}

void FigureView::restoreSettings(QSettings& s) {
    s.beginGroup(QStringLiteral("figure/") + id_);
    auto restore = [&](const char* key, QComboBox* c) {
        if (c && s.contains(key)) {
            const int i = c->findData(s.value(key));
            if (i >= 0) {
                c->setCurrentIndex(i);
            }
        }
    };
    restore("metric", metric_);
    restore("keyUse", keyUse_);
    restore("band", band_);
    restore("qk", qk_);
    restore("tap", tap_);
    restore("layer", layer_);
    restore("head", head_);
    if (logX_) {
        logX_->setChecked(s.value("logX", logX_->isChecked()).toBool());
    }
    for (const auto& [key, box] : {std::pair{"logY", logY_}, std::pair{"seedMean", seedMean_},
                                   std::pair{"perHead", perHead_}}) {
        if (box) {
            box->setChecked(s.value(key, box->isChecked()).toBool());
        }
    }
    if (smoothing_) {
        smoothing_->setValue(s.value("smoothing", smoothing_->value()).toInt());
    }
    if (groupBy_) {
        std::vector<rs::Factor> factors;
        for (const auto& k : s.value("groupBy").toStringList()) {
            if (const auto f = rs::factorFromKey(k.toStdString())) {
                factors.push_back(*f);
            }
        }
        setGroupBy(factors);
    }
    s.endGroup();
}

void FigureView::exportPng() {
    ExportDialog dlg(true, this);
    if (dlg.exec() != QDialog::Accepted) {
        return;
    }
    const ExportSize size = dlg.size();
    saveAs(tr("Export PNG"), QStringLiteral(".png"), tr("PNG images (*.png)"),
           [&](const QString& path) { rsui::exportPng(shownFigure(), path, size); });
}

void FigureView::exportSvg() {
    ExportDialog dlg(false, this);
    if (dlg.exec() != QDialog::Accepted) {
        return;
    }
    const ExportSize size = dlg.size();
    saveAs(tr("Export SVG"), QStringLiteral(".svg"), tr("SVG documents (*.svg)"),
           [&](const QString& path) { rsui::exportSvg(shownFigure(), path, size); });
}

void FigureView::exportCsv() {
    saveAs(tr("Export CSV"), QStringLiteral(".csv"), tr("CSV files (*.csv)"),
           [&](const QString& path) { rsui::exportCsv(shownFigure(), path); });
}

void FigureView::saveAs(const QString& title, const QString& extension, const QString& filter,
                        const std::function<void(const QString&)>& write) {
    const QString path = QFileDialog::getSaveFileName(this, title, id_ + extension, filter);
    if (path.isEmpty()) {
        return;
    }
    try {
        write(path);
        Q_EMIT message(tr("Wrote %1").arg(path));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(e.what()));
    }
}

} // namespace rsui
