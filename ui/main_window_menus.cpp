#include "ui/main_window.h"
// The window's menus and what they do: open, report, export, recent experiments, closing.
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

// File: run matrix, open, recent, exports, report, quit. Returns the run-matrix action (the
// toolbar shows it too).
QAction* MainWindow::buildFileMenu(QMenu* file) {

    auto* runMatrix = file->addAction(tr("&Run matrix…"), this, [this] { showRunMatrix(); });
    runMatrix->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    openAction_ = file->addAction(tr("&Open experiment…"), QKeySequence::Open, this, [this] {
        const QString d =
            QFileDialog::getExistingDirectory(this, tr("Open experiment folder"), store_->dir());
        if (!d.isEmpty()) {
            openExperiment(d);
        }
    });
    recentMenu_ = file->addMenu(tr("Recent experiments"));
    updateRecentMenu();
    file->addSeparator();
    auto* exportFigures = file->addAction(tr("Export all &figures…"), this, [this] {
        const QString d = QFileDialog::getExistingDirectory(
            this, tr("Folder for the figures"),
            store_->dir().isEmpty() ? QDir::homePath() : experimentFiguresDir(store_->dir()));
        if (!d.isEmpty()) {
            startFigureExport(d);
        }
    });
    exportFigures->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    auto* report = file->addAction(tr("&Report…"), this, &MainWindow::writeReport);
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    return runMatrix;
}

void MainWindow::buildMenus() {
    auto* runMatrix = buildFileMenu(menuBar()->addMenu(tr("&File")));

    auto* runs = menuBar()->addMenu(tr("R&uns"));
    auto* cancel = runs->addAction(tr("&Cancel run"), this, &MainWindow::cancelSelected);
    cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    auto* resume = runs->addAction(tr("&Resume run"), this, &MainWindow::resumeSelected);
    auto* folder = runs->addAction(tr("Open run &folder"), this, &MainWindow::openSelectedFolder);
    auto* compare =
        runs->addAction(tr("Co&mpare configurations"), this, [this] { compareSelected(); });
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    runs->addSeparator();
    runs->addAction(tr("Cancel &all"), this, [this] { queue_->cancelAll(); });
    table_->addActions({cancel, resume, folder, compare});
    runs->addSeparator();
    buildRunSetActions(runs);
    cancelAction_ = cancel;
    resumeAction_ = resume;
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateRunActions);
    connect(queue_, &RunQueue::changed, this, &MainWindow::updateRunActions);
    connect(store_, &ExperimentStore::changed, this, &MainWindow::updateRunActions);
    updateRunActions();

    buildSettingsMenu(menuBar()->addMenu(tr("&Settings")));

    auto* bar = addToolBar(tr("Main"));
    mainBar_ = bar;
    bar->setObjectName(QStringLiteral("mainToolbar"));
    bar->addAction(runMatrix);
    bar->addAction(openAction_);
    bar->addAction(cancel);
    bar->addAction(resume);
    bar->addAction(folder);
    buildViewMenu(bar);

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About RankScope"), this, [this] {
        QMessageBox::about(
            this, tr("About RankScope"),
            tr("<b>RankScope %1</b><p>What drives rank collapse of attention keys and queries: "
               "QK-Norm, the optimizer or the data?</p><p>LibTorch %2 · %3</p>")
                .arg(QStringLiteral(RANKSCOPE_VERSION), QString::fromStdString(rs::torchVersion()),
                     QString::fromStdString(rs::deviceDescription())));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

// Show or hide each dock and the toolbar (their state is saved with the window's).
void MainWindow::buildViewMenu(QToolBar* bar) {
    auto* view = menuBar()->addMenu(tr("&View"));
    for (auto* dock : findChildren<QDockWidget*>()) {
        view->addAction(dock->toggleViewAction());
    }
    view->addAction(bar->toggleViewAction());
    columns_->attachMenu(view->addMenu(tr("Run table &columns")));
    buildViewFileActions(view);
}

// A run ended while the user looks elsewhere: the taskbar entry asks for attention and, where
// the desktop has a tray, a message says which run and how.
void MainWindow::notifyRunEnded(const QString& run, int state, const QString& message) {
    if (isActiveWindow() || state == int(rs::RunState::Cancelled)) {
        return;
    }
    const bool done = state == int(rs::RunState::Done);
    const QString title = done ? tr("%1 finished").arg(run) : tr("%1 failed").arg(run);
    lastNotification_ = message.isEmpty() ? title : title + QStringLiteral(": ") + message;
    QApplication::alert(this);
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!tray_) {
            tray_ = new QSystemTrayIcon(windowIcon(), this);
            connect(tray_, &QSystemTrayIcon::messageClicked, this, [this] {
                showNormal();
                activateWindow();
            });
        }
        tray_->show();
        tray_->showMessage(title, message,
                           done ? QSystemTrayIcon::Information : QSystemTrayIcon::Warning, 10000);
    }
}

bool MainWindow::openExperiment(const QString& dir, bool create) {
    try {
        if (create) {
            QDir().mkpath(dir);
        }
        const bool another = store_->dir() != QDir(dir).absolutePath();
        store_->close();
        model_->clear();
        if (another) {
            surgery_->reset(); // its run and checkpoint belong to the experiment left
        }
        store_->open(QDir(dir).absolutePath());
        cluster_->load(store_->dir());
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot open experiment"), QString::fromStdString(e.what()));
        return false;
    }
    QSettings s;
    QStringList recent = s.value("recentExperiments").toStringList();
    recent.removeAll(store_->dir());
    recent.prepend(store_->dir());
    while (recent.size() > 8) {
        recent.removeLast();
    }
    s.setValue("recentExperiments", recent);
    updateRecentMenu();
    setWindowTitle(tr("RankScope — %1").arg(store_->dir()));
    refresh();
    return true;
}

void MainWindow::writeReport() {
    if (!store_->isOpen()) {
        statusBar()->showMessage(tr("Open an experiment first."), 5000);
        return;
    }
    // The dialog only offers folders that exist: the experiment's report folder is made first.
    const QString suggested = QDir(store_->dir()).filePath(QStringLiteral("report"));
    QDir().mkpath(suggested);
    const QString out =
        QFileDialog::getExistingDirectory(this, tr("Folder for the report"), suggested);
    if (out.isEmpty()) {
        return;
    }
    // The report renders a dozen figures and runs the statistics: a child process (the CLI's
    // own `report`) keeps the window responsive and shares one code path with the CLI.
    const QString cli = QDir(QCoreApplication::applicationDirPath()).filePath("rankscope-cli");
    auto* proc = new QProcess(this);
    proc->setProcessChannelMode(QProcess::MergedChannels);
    connect(proc, &QProcess::finished, this, [this, proc, out](int code, QProcess::ExitStatus st) {
        const QString log = QString::fromUtf8(proc->readAll());
        proc->deleteLater();
        if (st != QProcess::NormalExit || code != 0) {
            QMessageBox::warning(this, tr("Report failed"), log.right(2000));
            return;
        }
        statusBar()->showMessage(tr("Report written to %1").arg(out), 10000);
        QDesktopServices::openUrl(QUrl::fromLocalFile(QDir(out).filePath("report.html")));
    });
    connect(proc, &QProcess::errorOccurred, this, [this, proc, cli](QProcess::ProcessError) {
        QMessageBox::warning(this, tr("Report failed"),
                             tr("Cannot run %1: %2").arg(cli, proc->errorString()));
    });
    statusBar()->showMessage(tr("Writing the report…"));
    proc->start(cli, {"report", "--experiment", store_->dir(), "--out", out});
}

void MainWindow::updateRecentMenu() {
    if (!recentMenu_) {
        return;
    }
    recentMenu_->clear();
    const QStringList recent = QSettings().value("recentExperiments").toStringList();
    for (const auto& d : recent) {
        recentMenu_->addAction(d, this, [this, d] { openExperiment(d); });
    }
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::refresh() {
    const Runs runs = store_->runs();
    model_->setRuns(runs);
    cluster_->load(store_->dir()); // submissions from the command line show up too
    surgery_->setRuns(runs);
    const auto marks = Figures::checkpointMarks(runs);
    if (marks != marks_) {
        const bool atEnd = ckptSlider_->value() == ckptSlider_->maximum();
        marks_ = marks;
        const QSignalBlocker block(ckptSlider_);
        ckptSlider_->setRange(0, int(marks_.size())); // the last position: "latest"
        if (atEnd) {
            ckptSlider_->setValue(ckptSlider_->maximum());
        }
    }
    updateShared();
    updateStatus();
}

void MainWindow::updateShared() {
    std::optional<int64_t> ckpt;
    const int v = ckptSlider_->value();
    if (v < int(marks_.size())) {
        ckpt = marks_[size_t(v)];
        ckptLabel_->setText(tr("%1 tokens").arg(formatTokens(double(*ckpt))));
    } else {
        ckptLabel_->setText(tr("latest"));
    }
    const std::optional<double> marker =
        surgery_->sessionOpen() ? std::optional<double>(surgery_->fraction()) : std::nullopt;
    for (auto* view : views_) {
        view->setShared(model_->hiddenRuns(), ckpt, marker);
    }
}

void MainWindow::updateStatus() {
    if (!store_->isOpen()) {
        statusText_->setText(tr("No experiment open: File → Run matrix… or Open experiment…"));
        return;
    }
    int64_t done = 0, budget = 0;
    int finished = 0;
    const Runs runs = store_->runs();
    for (const auto* r : runs) {
        done += std::min(r->status.tokens_done, r->status.token_budget);
        budget += r->status.token_budget;
        finished += r->status.state == rs::RunState::Done ? 1 : 0;
    }
    overall_->setValue(budget > 0 ? int(1000.0 * double(done) / double(budget)) : 0);
    QString text = tr("%1 of %n run(s) done", nullptr, int(runs.size())).arg(finished);
    if (queue_->activeCount() > 0 || queue_->queuedCount() > 0) {
        text +=
            tr(" · training %1, %2 waiting").arg(queue_->activeCount()).arg(queue_->queuedCount());
    }
    statusText_->setText(text);
}

// Drawn one figure per event-loop turn, written on a worker: the window stays responsive.
FigureExportJob* MainWindow::startFigureExport(const QString& dir) {
    if (exportJob_ && exportJob_->running()) {
        statusBar()->showMessage(tr("An export is still running."), 5000);
        return exportJob_;
    }
    ExportSize size;
    size.dark = QSettings().value("export/dark", false).toBool();
    exportJob_ = new FigureExportJob(shownStudyFigures(), dir, size, this);
    connect(exportJob_, &FigureExportJob::progress, this, [this](int drawn, int total) {
        statusBar()->showMessage(tr("Exporting figures: %1 of %2 drawn").arg(drawn).arg(total));
    });
    connect(exportJob_, &FigureExportJob::finished, this,
            [this, dir, job = exportJob_](const QStringList& files, const QString& error) {
                job->deleteLater();
                if (!error.isEmpty()) {
                    statusBar()->clearMessage();
                    // Not exec(): the job ends inside the event loop, which must keep running.
                    auto* box = new QMessageBox(QMessageBox::Warning, tr("Export failed"), error,
                                                QMessageBox::Ok, this);
                    box->setAttribute(Qt::WA_DeleteOnClose);
                    box->open();
                    return;
                }
                statusBar()->showMessage(
                    tr("Wrote %n file(s) to %1", nullptr, int(files.size())).arg(dir), 10000);
            });
    exportJob_->start();
    return exportJob_;
}

// Every figure as its tab shows it (its options, the runs the table shows, series hidden in
// its legend, its zoom): what both exports write.
QList<FigureData> MainWindow::shownStudyFigures() const {
    QList<FigureData> out;
    for (auto* v : views_) {
        out.push_back(v->exportedFigure());
    }
    return out;
}

QStringList MainWindow::exportAllFigures(const QString& dir) {
    QStringList files;
    for (const auto& f : shownStudyFigures()) {
        files += exportAll(f, dir);
    }
    return files;
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (queue_->busy()) {
        const auto answer = QMessageBox::question(
            this, tr("Runs in progress"),
            tr("%n run(s) are training or waiting. Stop them and quit? Stopped runs stay "
               "resumable from their last checkpoint.",
               nullptr, queue_->activeCount() + queue_->queuedCount()),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            e->ignore();
            return;
        }
        queue_->shutdown(60000); // each worker stops at its next step and writes resume.pt
    }
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    if (auto* v = qobject_cast<FigureView*>(tabs_->currentWidget())) {
        s.setValue("window/figure", v->id()); // by id: the tab order may change
    }
    columns_->save();
    QStringList hidden(model_->hiddenRuns().begin(), model_->hiddenRuns().end());
    s.setValue("runs/hidden", hidden);
    for (auto* v : views_) {
        v->saveSettings(s);
    }
    e->accept();
}

} // namespace rsui
