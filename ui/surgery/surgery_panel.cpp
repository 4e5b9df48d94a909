#include "ui/surgery/surgery_panel.h"

#include "core/store/experiment.h"
#include "core/store/run_layout.h"
#include "ui/widgets/retranslator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QMessageBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <type_traits>

namespace rsui {

SurgeryPanel::SurgeryPanel(QWidget* parent) : QWidget(parent) {
    overwriteQuestion_ = [this](const QString& path) {
        return QMessageBox::question(
                   this, tr("Replace the sweep?"),
                   tr("%1 already holds a sweep of this checkpoint. Replace it?").arg(path)) ==
               QMessageBox::Yes;
    };
    texts_ = new Retranslator(this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(choiceForm());
    buildControls(layout);
    worker_ = new SurgeryWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start(QThread::LowPriority);

    connectControls();
    connectWorker();
}

// Run, checkpoint, strategies, layers and heads.
QFormLayout* SurgeryPanel::choiceForm() {
    auto* form = new QFormLayout;
    run_ = new QComboBox(this);
    checkpoint_ = new QComboBox(this);
    auto row = [&](const char* label, auto* field) {
        auto* l = new QLabel(this);
        texts_->add([this, l, label] { l->setText(tr(label)); });
        form->addRow(l, field);
        if constexpr (std::is_base_of_v<QWidget, std::remove_pointer_t<decltype(field)>>) {
            l->setBuddy(field);
        }
    };
    row(QT_TR_NOOP("Run"), run_);
    row(QT_TR_NOOP("Own checkpoint"), checkpoint_); // not the figures' scrubber
    texts_->add([this] {
        checkpoint_->setToolTip(tr("The panel's own checkpoint: the scrubber under the charts "
                                   "moves the figures, not the loaded model"));
    });
    auto* strat = new QHBoxLayout;
    for (const auto& e : rs::kStrategyNames) {
        auto* c = new QCheckBox(this);
        texts_->add([c, s = e.value] {
            c->setText(Labels::strategy(s, true));
            c->setToolTip(Labels::strategyToolTip(s));
        });
        c->setChecked(e.in_default_sweep);
        strat->addWidget(c);
        connect(c, &QCheckBox::toggled, this, &SurgeryPanel::requestReading);
        strategyBoxes_.push_back({e.value, c});
    }
    row(QT_TR_NOOP("Strategies"), strat);
    layers_ = new QLineEdit(this);
    heads_ = new QLineEdit(this);
    texts_->add([this] {
        layers_->setPlaceholderText(tr("all layers (or e.g. 0,2)"));
        heads_->setPlaceholderText(tr("all KV heads (or e.g. 0)"));
    });
    row(QT_TR_NOOP("Layers"), layers_);
    row(QT_TR_NOOP("KV heads"), heads_);
    return form;
}

// Load button, slider with its readout, sweep row and state line.
void SurgeryPanel::buildControls(QVBoxLayout* layout) {
    open_btn_ = new QPushButton(this);
    layout->addWidget(open_btn_);

    auto* sliderRow = new QHBoxLayout;
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, 100);
    slider_->setTickInterval(10);
    slider_->setTickPosition(QSlider::TicksBelow);
    slider_->setEnabled(false);
    slider_->setFocusPolicy(Qt::StrongFocus);
    slider_->installEventFilter(this); // the wheel moves it only once it has focus
    fractionLabel_ = new QLabel(this);
    fractionLabel_->setMinimumWidth(
        fractionLabel_->fontMetrics().horizontalAdvance("100 % pruned") + 8);
    sliderRow->addWidget(slider_, 1);
    sliderRow->addWidget(fractionLabel_);
    layout->addLayout(sliderRow);
    readout_ = new QLabel(this);
    readout_->setTextFormat(Qt::RichText);
    readout_->setWordWrap(true);
    readout_->setMinimumHeight(110);
    readout_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(readout_);

    auto* sweepRow = new QHBoxLayout;
    sweep_ = new QPushButton(this);
    cancel_ = new QPushButton(this);
    sweep_->setEnabled(false);
    cancel_->setEnabled(false);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    sweepRow->addWidget(sweep_);
    sweepRow->addWidget(cancel_);
    sweepRow->addWidget(progress_, 1);
    layout->addLayout(sweepRow);
    state_ = new QLabel(this);
    state_->setWordWrap(true);
    layout->addWidget(state_);
    layout->addStretch(1);
    texts_->add([this] { translateControls(); });
}

void SurgeryPanel::translateControls() {
    open_btn_->setText(tr("Load checkpoint"));
    open_btn_->setToolTip(tr("Load the checkpoint into a private copy and compute its SVD "
                             "bases and gamma order once"));
    slider_->setAccessibleName(tr("Fraction of key dimensions pruned"));
    fractionLabel_->setText(tr("%1 % pruned").arg(slider_->value()));
    if (!open_) {
        readout_->setText(tr("Load a checkpoint to start."));
    }
    sweep_->setText(tr("Sweep 0–90 %"));
    sweep_->setToolTip(tr("Every strategy at 0, 10, …, 90 % on the full test set; fills the "
                          "surgery chart and writes surgery/ckpt-<tokens>-sweep.csv"));
    cancel_->setText(tr("Cancel"));
}

void SurgeryPanel::connectControls() {
    connect(open_btn_, &QPushButton::clicked, this, &SurgeryPanel::openSelected);
    connect(sweep_, &QPushButton::clicked, this, &SurgeryPanel::sweep);
    connect(cancel_, &QPushButton::clicked, this, &SurgeryPanel::cancelSweep);
    // While the handle is held only the label follows; the reading is asked for on release
    // (keys and clicks on the groove ask at once), and whatever is still computing for an
    // older position is dropped.
    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        fractionLabel_->setText(tr("%1 % pruned").arg(v));
        Q_EMIT fractionChanged(v / 100.0);
        if (slider_->isSliderDown()) {
            showPending();
        } else {
            requestReading();
        }
    });
    connect(slider_, &QSlider::sliderReleased, this, &SurgeryPanel::requestReading);
    connect(run_, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = run_->currentData().toString();
        checkpoint_->clear();
        for (const auto* r : runs_) {
            if (QString::fromStdString(r->name) != name) {
                continue;
            }
            for (auto t : r->checkpointTokens()) {
                checkpoint_->addItem(tr("%1 tokens").arg(formatTokens(double(t))), qint64(t));
            }
        }
        checkpoint_->setCurrentIndex(checkpoint_->count() - 1);
        Q_EMIT focusRunChanged(name);
    });
}

void SurgeryPanel::connectWorker() {
    connect(worker_, &SurgeryWorker::opened, this,
            [this](const QString& run, qint64 tokens, const QStringList& unavailable, double ms) {
                open_ = true;
                slider_->setEnabled(true);
                sweep_->setEnabled(!sweeping_);
                open_btn_->setEnabled(true);
                QString text = tr("%1 at %2 tokens loaded; bases in %3 ms.")
                                   .arg(run, formatTokens(double(tokens)))
                                   .arg(ms, 0, 'f', 0);
                for (const auto& u : unavailable) {
                    text += QStringLiteral("\n") + tr("Unavailable: %1").arg(u);
                }
                state_->setText(text);
                requestReading();
            });
    connect(worker_, &SurgeryWorker::reading, this, &SurgeryPanel::showReading);
    connect(worker_, &SurgeryWorker::failed, this, [this](const QString& m) {
        open_btn_->setEnabled(true);
        sweeping_ = false;
        cancel_->setEnabled(false);
        sweep_->setEnabled(open_);
        state_->setText(tr("Error: %1").arg(m));
        Q_EMIT message(m);
    });
    connect(worker_, &SurgeryWorker::sweepProgress, this, [this](int done, int total) {
        progress_->setRange(0, total);
        progress_->setValue(done);
        if (done > 0 && sweeping_) {
            const double left = sweepClock_.elapsed() / 1000.0 * (total - done) / done;
            state_->setText(tr("Sweeping: %1 of %2 points, about %3 s left")
                                .arg(done)
                                .arg(total)
                                .arg(left, 0, 'f', 0));
        }
    });
    connect(worker_, &SurgeryWorker::sweepFinished, this,
            [this](const QString& path, bool cancelled, double seconds) {
                sweeping_ = false;
                sweep_->setEnabled(open_);
                cancel_->setEnabled(false);
                state_->setText(
                    cancelled ? tr("Sweep cancelled after %1 s; partial results in "
                                   "%2")
                                    .arg(seconds, 0, 'f', 1)
                                    .arg(path)
                              : tr("Sweep done in %1 s: %2").arg(seconds, 0, 'f', 1).arg(path));
                Q_EMIT sweepWritten(path);
            });
}

bool SurgeryPanel::eventFilter(QObject* watched, QEvent* e) {
    if (watched == slider_ && e->type() == QEvent::Wheel && !slider_->hasFocus()) {
        e->ignore();
        return true; // scrolling past the panel does not prune
    }
    return QWidget::eventFilter(watched, e);
}

SurgeryPanel::~SurgeryPanel() {
    worker_->cancelFlag().store(true);
    worker_->latestRequest().store(~quint64(0));
    thread_.quit();
    thread_.wait();
}

void SurgeryPanel::setRuns(const Runs& runs) {
    runs_ = runs;
    const QString keep = run_->currentData().toString();
    const QSignalBlocker block(run_);
    bool changed = false;
    for (const auto* r : runs) {
        const QString name = QString::fromStdString(r->name);
        if (!r->probes.empty() && run_->findData(name) < 0) {
            run_->addItem(name, name);
            changed = true;
        }
    }
    if (changed && keep.isEmpty() && run_->count() > 0) {
        run_->setCurrentIndex(0);
    }
    // Refresh the checkpoint list of the chosen run (new checkpoints arrive while training).
    const QString name = run_->currentData().toString();
    for (const auto* r : runs) {
        if (QString::fromStdString(r->name) == name &&
            int(r->checkpointTokens().size()) != checkpoint_->count()) {
            const QSignalBlocker b2(checkpoint_);
            const bool atLast = checkpoint_->currentIndex() == checkpoint_->count() - 1;
            const auto keepTokens = checkpoint_->currentData();
            checkpoint_->clear();
            for (auto t : r->checkpointTokens()) {
                checkpoint_->addItem(tr("%1 tokens").arg(formatTokens(double(t))), qint64(t));
            }
            checkpoint_->setCurrentIndex(atLast ? checkpoint_->count() - 1
                                                : std::max(0, checkpoint_->findData(keepTokens)));
        }
    }
}

QString SurgeryPanel::currentRun() const {
    return run_->currentData().toString();
}

qint64 SurgeryPanel::currentCheckpoint() const {
    return checkpoint_->currentData().toLongLong();
}

double SurgeryPanel::fraction() const {
    return slider_->value() / 100.0;
}

QList<rs::Strategy> SurgeryPanel::strategies() const {
    QList<rs::Strategy> s;
    for (const auto& [strategy, box] : strategyBoxes_) {
        if (box->isChecked()) {
            s << strategy;
        }
    }
    return s;
}

namespace {

// "0, 2" -> {0, 2}; empty or unparsable parts are ignored (empty = all).
QList<int> intList(const QString& text) {
    QList<int> out;
    for (const auto& part : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (ok) {
            out << v;
        }
    }
    return out;
}

} // namespace

QList<int> SurgeryPanel::heads() const {
    return intList(heads_->text());
}

QList<int> SurgeryPanel::layers() const {
    return intList(layers_->text());
}

void SurgeryPanel::openSelected() {
    const QString name = run_->currentData().toString();
    const qint64 tokens = checkpoint_->currentData().toLongLong();
    const rs::RunSnapshot* run = nullptr;
    for (const auto* r : runs_) {
        if (QString::fromStdString(r->name) == name) {
            run = r;
        }
    }
    if (!run || checkpoint_->count() == 0) {
        state_->setText(tr("Pick a run with at least one checkpoint."));
        return;
    }
    open_ = false;
    slider_->setEnabled(false);
    sweep_->setEnabled(false);
    open_btn_->setEnabled(false);
    state_->setText(tr("Loading %1 at %2 tokens…").arg(name, formatTokens(double(tokens))));
    const QString dir = QString::fromStdString(run->dir.string());
    openedDir_ = dir;
    openedTokens_ = tokens;
    const QList<int> l = layers(), h = heads();
    QMetaObject::invokeMethod(
        worker_, [w = worker_, dir, tokens, l, h] { w->open(dir, tokens, l, h); },
        Qt::QueuedConnection);
}

void SurgeryPanel::requestReading() {
    if (!open_) {
        return;
    }
    const quint64 id = ++request_;
    worker_->latestRequest().store(id); // overtakes whatever the worker is still evaluating
    showPending();
    const double f = fraction();
    const auto s = strategies();
    QMetaObject::invokeMethod(
        worker_, [w = worker_, id, f, s] { w->evaluate(id, f, s); }, Qt::QueuedConnection);
}

// The slider's position with "computing…" until its reading arrives; the last numbers stay
// below, greyed, so the readout never claims another position's values.
void SurgeryPanel::showPending() {
    if (!open_) {
        return;
    }
    pending_ = true;
    readout_->setText(
        QStringLiteral("<b>%1</b> — <i>%2</i><br/><span style=\"color:gray\">%3</span>")
            .arg(tr("%1 % pruned").arg(slider_->value()), tr("computing…"), lastBody_));
}

QString SurgeryPanel::readoutText() const {
    return readout_->text();
}

void SurgeryPanel::reset() {
    worker_->latestRequest().store(++request_);
    open_ = false;
    pending_ = false;
    lastBody_.clear();
    runs_.clear();
    {
        const QSignalBlocker b1(run_), b2(checkpoint_);
        run_->clear();
        checkpoint_->clear();
    }
    slider_->setEnabled(false);
    sweep_->setEnabled(false);
    readout_->setText(tr("Load a checkpoint to start."));
    state_->clear();
    progress_->setValue(0);
}

void SurgeryPanel::showReading(const SurgeryReading& r) {
    if (r.request != request_) {
        return; // stale
    }
    pending_ = false;
    QString html =
        QStringLiteral("<b>%1</b> — %2<br/>")
            .arg(tr("%1 % pruned").arg(r.fraction * 100.0, 0, 'f', 0),
                 r.subset ? tr("<i>estimate on %1 test tokens, refining…</i>").arg(r.tokens)
                          : tr("full test set, %1 tokens").arg(r.tokens));
    html += tr("unpruned loss: %1").arg(r.unpruned, 0, 'f', 4) + QStringLiteral("<br/>");
    for (int i = 0; i < r.strategies.size(); ++i) {
        html += QStringLiteral("%1: <b>%2</b> (Δ %3%4)<br/>")
                    .arg(Labels::strategy(r.strategies[i], true))
                    .arg(r.loss[i], 0, 'f', 4)
                    .arg(r.loss[i] - r.unpruned >= 0 ? "+" : "")
                    .arg(r.loss[i] - r.unpruned, 0, 'f', 4);
        if (r.spread[i] > 0) {
            html.chop(5);
            html += QStringLiteral(" ± %1 sd<br/>").arg(r.spread[i], 0, 'f', 4);
        }
    }
    html += tr("<small>%1 ms</small>").arg(r.ms, 0, 'f', 0);
    readout_->setText(html);
    lastBody_ = html.section(QStringLiteral("<br/>"), 1);
    Q_EMIT readingShown(r);
}

void SurgeryPanel::sweep() {
    if (!open_ || sweeping_) {
        return;
    }
    const QString existing = QString::fromStdString(
        rs::RunLayout(openedDir_.toStdString()).sweepCsv(openedTokens_).string());
    if (QFileInfo::exists(existing) && !overwriteQuestion_(existing)) {
        return; // the sweep on file stays
    }
    sweeping_ = true;
    sweep_->setEnabled(false);
    cancel_->setEnabled(true);
    progress_->setValue(0);
    sweepClock_.start();
    state_->setText(tr("Sweeping…"));
    worker_->cancelFlag().store(false);
    const auto s = strategies();
    QMetaObject::invokeMethod(
        worker_, [w = worker_, s] { w->sweep(s); }, Qt::QueuedConnection);
}

void SurgeryPanel::cancelSweep() {
    worker_->cancelFlag().store(true);
    state_->setText(tr("Cancelling after the current point…"));
}

void SurgeryPanel::select(const QString& run, std::optional<qint64> tokens) {
    const int i = run_->findData(run);
    if (i < 0) {
        return;
    }
    run_->setCurrentIndex(i); // refills the checkpoints
    if (!tokens) {
        return;
    }
    int best = -1;
    for (int c = 0; c < checkpoint_->count(); ++c) {
        if (checkpoint_->itemData(c).toLongLong() <= *tokens) {
            best = c;
        }
    }
    if (best >= 0) {
        checkpoint_->setCurrentIndex(best);
    }
}

} // namespace rsui
