#include "ui/main_window.h"
#include "ui/experiment_paths.h"
#include "ui/figures/figure_catalog.h"

#include "ui/figures/chart_binding.h"
#include "ui/figures/figure_export.h"
#include "ui/figures/figure_export_job.h"
#include "ui/figures/study_figures.h"
#include "ui/runs/cluster_jobs.h"
#include "ui/runs/column_chooser.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_matrix_dialog.h"
#include "ui/runs/slurm_target_box.h"
#include "ui/runs/run_table_model.h"
#include "core/store/experiment.h"
#include "core/store/experiment_plan.h"
#include "ui/surgery/surgery_panel.h"
#include "ui/training/run_queue.h"
#include "core/train/runtime.h"
#include "core/util/error.h"
#include "ui/views/figure_view.h"
#include "ui/window_layout.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace rsui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("RankScope"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    store_ = new ExperimentStore(this);
    queue_ = new RunQueue(this);
    model_ = new RunTableModel(this);
    cluster_ = new ClusterJobs(this);
    buildRunsDock();
    buildFigures();
    buildSurgeryDock();
    buildStatusBar();
    connectStoreAndQueue();
    buildMenus();
    connectLinkedViews();
    restoreSettings();
    updateShared();
}

void MainWindow::buildRunsDock() {
    auto* runsDock = new QDockWidget(tr("Runs"), this);
    runsDock_ = runsDock;
    runsDock->setObjectName(QStringLiteral("runsDock"));
    auto* runsWidget = new QWidget(runsDock);
    auto* runsLayout = new QVBoxLayout(runsWidget);
    runsLayout->setContentsMargins(2, 2, 2, 2);
    filter_ = new QLineEdit(runsWidget);
    filter_->setPlaceholderText(tr("Filter runs (name, cell, status)…"));
    filter_->setAccessibleName(tr("Filter runs"));
    filter_->setClearButtonEnabled(true);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
    table_ = new QTableView(runsWidget);
    table_->setAccessibleName(tr("Runs"));
    table_->setModel(proxy_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection); // two: compare configs
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunTableModel::Name, Qt::AscendingOrder);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);
    // The factor columns beyond the design's three start hidden; the header's menu shows them.
    QSet<int> hidden;
    for (int c = RunTableModel::FirstFactor; c < RunTableModel::ColumnCount; ++c) {
        const auto f = RunTableModel::factorOf(c);
        if (f != rs::Factor::QkNorm && f != rs::Factor::Optimizer && f != rs::Factor::Data) {
            hidden.insert(c);
        }
    }
    columns_ =
        new ColumnChooser(table_->horizontalHeader(), QStringLiteral("runs/header"), hidden, this);
    runsLayout->addWidget(filter_);
    runsLayout->addWidget(table_);
    runsDock->setWidget(runsWidget);
    addDockWidget(Qt::BottomDockWidgetArea, runsDock);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
}

// The figure tabs over the checkpoint scrubber.
void MainWindow::buildFigures() {
    tabs_ = new QTabWidget(this);
    const auto provider = [this] { return store_->runs(); };
    for (const auto& spec : figureCatalog()) {
        auto* v =
            new FigureView(QString::fromUtf8(spec.id), spec.build, provider, spec.controls, tabs_);
        tabs_->addTab(v, figureTitle(spec));
        views_ << v;
        connect(v, &FigureView::message, this,
                [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    }

    auto* central = new QWidget(this);
    auto* cl = new QVBoxLayout(central);
    cl->setContentsMargins(2, 2, 2, 2);
    cl->addWidget(tabs_, 1);
    auto* scrub = new QHBoxLayout;
    ckptSlider_ = new QSlider(Qt::Horizontal, central);
    ckptSlider_->setRange(0, 0);
    ckptSlider_->setToolTip(tr("Scrub every checkpoint-dependent view; far right follows the "
                               "latest checkpoint of each run"));
    ckptLabel_ = new QLabel(tr("checkpoint: latest"), central);
    ckptLabel_->setMinimumWidth(
        ckptLabel_->fontMetrics().horizontalAdvance(tr("checkpoint: 999.9M tokens")) + 8);
    scrubLabel_ = new QLabel(tr("Checkpoint"), central);
    scrubLabel_->setBuddy(ckptSlider_);
    scrub->addWidget(scrubLabel_);
    scrub->addWidget(ckptSlider_, 1);
    scrub->addWidget(ckptLabel_);
    cl->addLayout(scrub);
    setCentralWidget(central);
    connect(ckptSlider_, &QSlider::valueChanged, this, [this] { updateShared(); });
}

void MainWindow::buildSurgeryDock() {
    auto* surgeryDock = new QDockWidget(tr("Surgery"), this);
    surgeryDock_ = surgeryDock;
    surgeryDock->setObjectName(QStringLiteral("surgeryDock"));
    // Scrolls rather than making the window taller than a laptop screen.
    auto* scroll = new QScrollArea(surgeryDock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    surgery_ = new SurgeryPanel(scroll);
    scroll->setWidget(surgery_);
    surgeryDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, surgeryDock);
    connect(surgery_, &SurgeryPanel::fractionChanged, this, [this] { updateShared(); });
    connect(surgery_, &SurgeryPanel::focusRunChanged, this, [this](const QString& run) {
        focusRun_ = run;
        for (auto* v : views_) {
            if (v->id() == figure_id::kSurgery) {
                v->setFocusRun(run);
            }
        }
    });
    connect(surgery_, &SurgeryPanel::sweepWritten, store_, &ExperimentStore::poll);
    connect(surgery_, &SurgeryPanel::sweepWritten, this,
            [this] { showFigure(QLatin1String(figure_id::kSurgery)); });
    connect(surgery_, &SurgeryPanel::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 10000); });
}

void MainWindow::buildStatusBar() {
    statusText_ = new QLabel(tr("No experiment open."), this);
    overall_ = new QProgressBar(this);
    overall_->setMaximumWidth(220);
    overall_->setRange(0, 1000);
    overall_->setValue(0);
    overall_->setFormat(QStringLiteral("%p%"));
    overall_->setToolTip(tr("Tokens trained over the token budget of every run in the experiment"));
    deviceLabel_ = new QLabel(QString::fromStdString(rs::deviceDescription()), this);
    statusBar()->addWidget(statusText_, 1);
    statusBar()->addPermanentWidget(overall_);
    statusBar()->addPermanentWidget(deviceLabel_);
}

// The disk is the message bus: the queue's events make the store re-read the folder.
void MainWindow::connectStoreAndQueue() {
    connect(store_, &ExperimentStore::changed, this, &MainWindow::refresh);
    connect(model_, &RunTableModel::visibilityChanged, this, &MainWindow::updateShared);
    connect(queue_, &RunQueue::progress, model_, &RunTableModel::applyProgress);
    connect(queue_, &RunQueue::progress, this, [this] { updateStatus(); });
    connect(queue_, &RunQueue::checkpoint, store_, &ExperimentStore::pollSoon);
    connect(queue_, &RunQueue::runStarted, this, [this](const QString& run) {
        store_->pollSoon();
        model_->setQueueState(run, RunTableModel::QueueState::Training);
    });
    connect(queue_, &RunQueue::runFinished, this,
            [this](const QString& run, int state, const QString& message) {
                model_->runFinished(run);
                store_->poll();
                if (auto* r = store_->run(run);
                    r && r->config && r->tokens_per_s > 0 && state == int(rs::RunState::Done)) {
                    RunMatrixDialog::recordThroughput(QString::fromStdString(r->config->preset),
                                                      r->tokens_per_s, r->threads);
                }
                if (!message.isEmpty() && state != int(rs::RunState::Done) &&
                    state != int(rs::RunState::Cancelled)) {
                    statusBar()->showMessage(tr("%1 stopped: %2").arg(run, message), 15000);
                }
                notifyRunEnded(run, state, message);
                updateStatus();
            });
    connectCluster();
    connect(queue_, &RunQueue::dataProgress, this, [this](const QString& stage, double f) {
        statusText_->setText(tr("Preparing data: %1 (%2 %)").arg(stage).arg(int(f * 100)));
    });
    connect(queue_, &RunQueue::dataFailed, this, [this](const QString& m) {
        QMessageBox::warning(this, tr("Data preparation failed"),
                             tr("%1\n\nUse synthetic data in the run-matrix dialog to work "
                                "offline.")
                                 .arg(m));
        updateStatus();
    });
    connect(queue_, &RunQueue::changed, this, [this] { updateStatus(); });
}

void MainWindow::restoreSettings() {
    QSettings s;
    const QRect available = availableGeometry();
    if (!restoreLayoutIfFits(*this, s.value("window/geometry").toByteArray(),
                             s.value("window/state").toByteArray(), available)) {
        layoutForScreen(available);
    }
    for (auto* v : views_) {
        v->restoreSettings(s);
    }
    showFigure(s.value("window/figure", QLatin1String(figure_id::kTrajectory)).toString());
    model_->setHiddenRuns([&] {
        QSet<QString> h;
        for (const auto& n : s.value("runs/hidden").toStringList()) {
            h.insert(n);
        }
        return h;
    }());
}

QRect MainWindow::availableGeometry() const {
    const QScreen* sc = screen() ? screen() : QGuiApplication::primaryScreen();
    return sc ? sc->availableGeometry() : QRect(0, 0, 1280, 720);
}

void MainWindow::layoutForScreen(const QRect& available) {
    applyDefaultLayout(*this, {runsDock_, surgeryDock_}, available);
}

void MainWindow::showFigure(const QString& id) {
    for (auto* v : views_) {
        if (v->id() == id) {
            tabs_->setCurrentWidget(v);
        }
    }
}

MainWindow::~MainWindow() {
    // Workers first, while the store and the views they report to still exist.
    queue_->disconnect(this);
    queue_->shutdown(60000);
}

} // namespace rsui
