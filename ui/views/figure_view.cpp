#include "ui/views/figure_view.h"

#include "ui/figures/chart_binding.h"
#include "ui/figures/figure_export.h"
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

// The combos and check boxes this view's controls ask for. Their texts are set through
// texts_, so a language switch re-labels them.
void FigureView::addOptionControls(QLayout* bar) {
    auto addCombo = [&](const char* label, QComboBox*& combo, const char* tip) {
        combo = labelledCombo(bar, label, tip);
    };
    if (controls_ & Metric) {
        addCombo(QT_TR_NOOP("Metric"), metric_,
                 QT_TR_NOOP("Spectral metric of the representation"));
        for (const auto& [metric, key] : rs::kMetricNames) {
            metric_->addItem(QString(), QString::fromUtf8(key));
        }
    }
    if (controls_ & QK) {
        addCombo(QT_TR_NOOP("Q/K"), qk_, QT_TR_NOOP("Queries or keys"));
        qk_->addItem(QString(), QStringLiteral("k"));
        qk_->addItem(QString(), QStringLiteral("q"));
    }
    if (controls_ & Tap) {
        addCombo(QT_TR_NOOP("Tap"), tap_, QT_TR_NOOP("Where the representation is read"));
        for (auto t : {rs::Tap::Normed, rs::Tap::Pre, rs::Tap::Rope}) {
            tap_->addItem(QString(), QString::fromUtf8(rs::key(t)));
        }
    }
    if (controls_ & Layer) {
        addCombo(QT_TR_NOOP("Layer"), layer_, QT_TR_NOOP("One layer, or the mean over layers"));
        layer_->addItem(QString(), -1);
    }
    if (controls_ & Head) {
        addCombo(QT_TR_NOOP("Head"), head_,
                 QT_TR_NOOP("One head (KV head for K), or the mean over heads"));
        head_->addItem(QString(), -1);
    }
    if (controls_ & FocusRun) {
        addCombo(QT_TR_NOOP("Run"), focus_, QT_TR_NOOP("The run this figure shows"));
        focus_->addItem(QString(), QString());
    }
    if (controls_ & KeyUseAxis) {
        addCombo(QT_TR_NOOP("y"), keyUse_, QT_TR_NOOP("How each key dimension's use is measured"));
        for (auto u : {KeyUse::PregainEnergy, KeyUse::Ablation, KeyUse::PostgainEnergy}) {
            keyUse_->addItem(QString(), int(u));
        }
    }
    texts_->add([this] {
        translateItems();
        scheduleRedraw(); // titles and legends are made in the current language
    });
    addChecks(bar);
}

// A combo with its label, kept together when the bar wraps; texts in the current language.
QComboBox* FigureView::labelledCombo(QLayout* bar, const char* label, const char* tip) {
    auto* pair = new QWidget(this);
    auto* pl = new QHBoxLayout(pair);
    pl->setContentsMargins(0, 0, 0, 0);
    auto* combo = new QComboBox(pair);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* text = new QLabel(pair);
    text->setBuddy(combo);
    texts_->add([this, text, combo, label, tip] {
        text->setText(tr(label));
        combo->setToolTip(tr(tip));
        combo->setAccessibleName(tr(label));
    });
    pl->addWidget(text);
    pl->addWidget(combo);
    bar->addWidget(pair);
    connect(combo, &QComboBox::currentIndexChanged, this, [this] {
        scheduleRedraw();
        Q_EMIT optionsChanged();
    });
    return combo;
}

// Item texts by their data: the same items in the current language.
void FigureView::translateItems() {
    auto each = [](QComboBox* c, const std::function<QString(const QVariant&)>& text) {
        for (int i = 0; c && i < c->count(); ++i) {
            c->setItemText(i, text(c->itemData(i)));
        }
    };
    each(metric_, [](const QVariant& d) {
        return Labels::metric(
            rs::metricFromKey(d.toString().toStdString()).value_or(rs::Metric::PR));
    });
    each(qk_, [](const QVariant& d) {
        return d.toString() == "k" ? tr("keys (K)") : tr("queries (Q)");
    });
    each(tap_, [](const QVariant& d) {
        return Labels::tap(rs::tapFromKey(d.toString().toStdString()).value_or(rs::Tap::Normed));
    });
    each(layer_, [](const QVariant& d) {
        return d.toInt() < 0 ? tr("mean over layers") : tr("layer %1").arg(d.toInt());
    });
    each(head_, [](const QVariant& d) {
        return d.toInt() < 0 ? tr("mean over heads") : tr("head %1").arg(d.toInt());
    });
    each(focus_, [](const QVariant& d) {
        return d.toString().isEmpty() ? tr("first available") : d.toString();
    });
    each(keyUse_, [](const QVariant& d) { return Labels::keyUse(KeyUse(d.toInt())); });
}

void FigureView::addChecks(QLayout* bar) {
    if (controls_ & GroupBy) {
        addGroupByMenu(bar);
    }
    if (controls_ & SeedMean) {
        addCheck(bar, seedMean_, QT_TR_NOOP("seed mean"),
                 QT_TR_NOOP("The mean over the seeds of the run's cell instead of the run alone"),
                 false);
    }
    if (controls_ & PerHead) {
        addCheck(bar, perHead_, QT_TR_NOOP("per head"),
                 QT_TR_NOOP("One panel per head (small multiples)"), false);
    }
    if (controls_ & LogX) {
        addCheck(bar, logX_, QT_TR_NOOP("log x"), QT_TR_NOOP("Logarithmic x axis"), false);
    }
    if (controls_ & LogY) {
        addCheck(bar, logY_, QT_TR_NOOP("log y"), QT_TR_NOOP("Logarithmic y axis"),
                 !(controls_ & LinearYFirst));
    }
    if (controls_ & Smoothing) {
        addSmoothingSlider(bar);
    }
}

void FigureView::addCheck(QLayout* bar, QCheckBox*& box, const char* text, const char* tip,
                          bool on) {
    box = new QCheckBox(this);
    texts_->add([this, b = box, text, tip] {
        b->setText(tr(text));
        b->setToolTip(tr(tip));
    });
    box->setChecked(on);
    bar->addWidget(box);
    connect(box, &QCheckBox::toggled, this, [this] {
        scheduleRedraw();
        Q_EMIT optionsChanged();
    });
}

// A menu of factors, any combination checked: the seeds of runs sharing them are pooled.
void FigureView::addGroupByMenu(QLayout* bar) {
    groupBy_ = new QToolButton(this);
    groupBy_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(groupBy_);
    for (const auto& n : rs::kFactorNames) {
        auto* a = menu->addAction(QString());
        a->setCheckable(true);
        groupActions_.emplace_back(n.value, a);
        connect(a, &QAction::toggled, this, [this] {
            updateGroupByText();
            scheduleRedraw();
            Q_EMIT optionsChanged();
        });
    }
    groupBy_->setMenu(menu);
    bar->addWidget(groupBy_);
    texts_->add([this] {
        groupBy_->setToolTip(tr("Pool runs by any combination of factors (mean with a min–max "
                                "band); none checked: by cell"));
        for (const auto& [factor, action] : groupActions_) {
            action->setText(Labels::factor(factor));
        }
        updateGroupByText();
    });
}

void FigureView::updateGroupByText() {
    QStringList names;
    for (const auto& [factor, action] : groupActions_) {
        if (action->isChecked()) {
            names << Labels::factor(factor);
        }
    }
    const QString text = names.isEmpty() ? Labels::factor(rs::Factor::Cell) : names.join(" + ");
    groupBy_->setText(tr("Group: %1").arg(text));
    // Room for the menu arrow, which the style draws over the text otherwise.
    groupBy_->setMinimumWidth(groupBy_->fontMetrics().horizontalAdvance(groupBy_->text()) + 30);
    groupBy_->setAccessibleName(tr("Group by: %1").arg(text));
}

void FigureView::setGroupBy(const std::vector<rs::Factor>& factors) {
    for (const auto& [factor, action] : groupActions_) {
        action->setChecked(std::find(factors.begin(), factors.end(), factor) != factors.end());
    }
}

void FigureView::addSmoothingSlider(QLayout* bar) {
    auto* box = new QWidget(this);
    auto* l = new QHBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    smoothing_ = new QSlider(Qt::Horizontal, box);
    smoothing_->setRange(0, 99);
    smoothing_->setFixedWidth(120);
    smoothingValue_ = new QLabel(QStringLiteral("0.00"), box);
    smoothingValue_->setMinimumWidth(smoothingValue_->fontMetrics().horizontalAdvance("0.00") + 4);
    auto* text = new QLabel(box);
    text->setBuddy(smoothing_);
    texts_->add([this, text] {
        text->setText(tr("Smoothing"));
        smoothing_->setToolTip(tr("Exponential moving average of the training loss (0: raw); "
                                  "the raw curve stays faint underneath"));
        smoothing_->setAccessibleName(tr("Smoothing"));
    });
    l->addWidget(text);
    l->addWidget(smoothing_);
    l->addWidget(smoothingValue_);
    bar->addWidget(box);
    connect(smoothing_, &QSlider::valueChanged, this, [this](int v) {
        smoothingValue_->setText(QString::number(v / 100.0, 'f', 2));
        scheduleRedraw();
        Q_EMIT optionsChanged();
    });
}

void FigureView::addExportButtons(QLayout* bar) {
    auto addButton = [&](const char* text, const char* tip, auto slot) {
        auto* b = new QToolButton(this);
        texts_->add([this, b, text, tip] {
            b->setText(tr(text));
            b->setToolTip(tr(tip));
        });
        bar->addWidget(b);
        connect(b, &QToolButton::clicked, this, slot);
    };
    addButton(QT_TR_NOOP("Reset zoom"),
              QT_TR_NOOP("Back to the automatic ranges (or right-click the chart)"),
              [this] { binding_->resetZoom(); });
    addButton(QT_TR_NOOP("PNG…"), QT_TR_NOOP("Export this figure as a PNG image"),
              [this] { exportPng(); });
    addButton(QT_TR_NOOP("SVG…"), QT_TR_NOOP("Export this figure as SVG (text stays text)"),
              [this] { exportSvg(); });
    addButton(QT_TR_NOOP("CSV…"), QT_TR_NOOP("Export exactly the plotted data as CSV"),
              [this] { exportCsv(); });
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

void FigureView::redrawNow() {
    dirty_ = false;
    const Runs runs = runs_();
    refreshChoices(runs);
    binding_->apply(builder_(runs, options()));
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

void FigureView::saveSettings(QSettings& s) const {
    s.beginGroup(QStringLiteral("figure/") + id_);
    auto save = [&](const char* key, QComboBox* c) {
        if (c) {
            s.setValue(key, c->currentData());
        }
    };
    save("metric", metric_);
    save("keyUse", keyUse_);
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
    QDialog dlg(this);
    dlg.setWindowTitle(tr("Export PNG"));
    auto* form = new QFormLayout(&dlg);
    auto* w = new QSpinBox(&dlg);
    auto* h = new QSpinBox(&dlg);
    auto* dpi = new QSpinBox(&dlg);
    w->setRange(200, 10000);
    h->setRange(200, 10000);
    dpi->setRange(72, 1200);
    QSettings s;
    w->setValue(s.value("export/pngWidth", 1600).toInt());
    h->setValue(s.value("export/pngHeight", 1000).toInt());
    dpi->setValue(s.value("export/dpi", 200).toInt());
    w->setSuffix(tr(" px"));
    h->setSuffix(tr(" px"));
    form->addRow(tr("Width"), w);
    form->addRow(tr("Height"), h);
    form->addRow(tr("DPI"), dpi);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dlg);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    if (dlg.exec() != QDialog::Accepted) {
        return;
    }
    s.setValue("export/pngWidth", w->value());
    s.setValue("export/pngHeight", h->value());
    s.setValue("export/dpi", dpi->value());
    ExportSize size;
    size.pixels = QSize(w->value(), h->value());
    size.dpi = dpi->value();
    size.dark = QSettings().value("export/dark", false).toBool();
    saveAs(tr("Export PNG"), QStringLiteral(".png"), tr("PNG images (*.png)"),
           [&](const QString& path) { rsui::exportPng(figure(), path, size); });
}

void FigureView::exportSvg() {
    saveAs(tr("Export SVG"), QStringLiteral(".svg"), tr("SVG documents (*.svg)"),
           [&](const QString& path) {
               ExportSize size;
               size.dark = QSettings().value("export/dark", false).toBool();
               rsui::exportSvg(figure(), path, size);
           });
}

void FigureView::exportCsv() {
    saveAs(tr("Export CSV"), QStringLiteral(".csv"), tr("CSV files (*.csv)"),
           [&](const QString& path) { rsui::exportCsv(figure(), path); });
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
