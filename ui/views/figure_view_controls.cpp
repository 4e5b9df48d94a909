// The option bar of a figure view: combos, check boxes, the group-by menu, the smoothing
// slider and the export buttons.
#include "ui/views/figure_view.h"

#include "ui/figures/chart_binding.h"
#include "ui/widgets/flow_layout.h"
#include "ui/widgets/retranslator.h"

#include "ui/figures/figure_export.h"
#include "core/store/experiment.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSlider>
#include <QToolButton>

#include <cmath>

namespace rsui {

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
        for (auto t : {rs::Tap::Normed, rs::Tap::Pre, rs::Tap::Gainless, rs::Tap::Rope}) {
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
    if (controls_ & Band) {
        addCombo(QT_TR_NOOP("Seeds"), band_,
                 QT_TR_NOOP("How the seeds of a cell or group are drawn: their mean with the 95 % "
                            "t interval (the report's), ± one SD or min–max, or each seed"));
        for (auto b : {SeedBand::Ci95, SeedBand::Sd, SeedBand::MinMax, SeedBand::Seeds}) {
            band_->addItem(QString(), int(b));
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
    each(band_, [](const QVariant& d) { return Labels::seedBand(SeedBand(d.toInt())); });
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
        if (head_) { // every head has its panel: one head is not a choice then
            connect(perHead_, &QCheckBox::toggled, head_, &QWidget::setDisabled);
        }
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
        groupBy_->setToolTip(tr("Pool runs by any combination of factors (their mean with the "
                                "band chosen under Seeds); none checked: by cell"));
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

} // namespace rsui
