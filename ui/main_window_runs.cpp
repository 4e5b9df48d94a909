// The main window's runs: the run-matrix dialog, launching, cluster submission, cancel and
// resume of the selected run.
#include "ui/main_window.h"
#include "ui/experiment_paths.h"

#include "ui/runs/cluster_jobs.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_matrix_dialog.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/slurm_target_box.h"
#include "core/store/experiment.h"
#include "core/store/experiment_plan.h"
#include "ui/training/run_queue.h"

#include <QDesktopServices>
#include <QDir>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QUrl>

namespace rsui {

void MainWindow::showRunMatrix(const QString& preset) {
    RunMatrixDialog dlg(this);
    QMap<QString, double> seen; // the last rate per thread of any run, per preset
    for (const auto* r : store_->runs()) {
        if (r->config && r->tokens_per_s > 0) {
            seen[QString::fromStdString(r->config->preset)] =
                r->tokens_per_s / std::max(1, r->threads);
        }
    }
    dlg.setObservedThroughput(seen);
    dlg.setPreset(preset);
    dlg.setOutputDir(store_->dir().isEmpty()
                         ? QDir::current().absoluteFilePath(QStringLiteral("runs/") + preset)
                         : store_->dir());
    // An experiment is open: the dialog adds runs to it, with its runs' preset and data (the
    // folder can still be changed for a new experiment).
    for (const auto* r : store_->runs()) {
        if (r->config) {
            dlg.setPreset(QString::fromStdString(r->config->preset));
            dlg.setSyntheticData(r->config->data.source == rs::DataSource::Synthetic);
            dlg.setWindowTitle(tr("Run matrix — add runs to %1").arg(store_->dir()));
            break;
        }
    }
    if (dlg.exec() != QDialog::Accepted) {
        return;
    }
    const auto runs = dlg.runs();
    if (runs.empty()) {
        QMessageBox::warning(this, tr("Run matrix"), dlg.validationError());
        return;
    }
    if (dlg.targetBox()->slurmChosen()) {
        submitToCluster(runs, dlg.outputDir(), !dlg.syntheticData(), dlg.targetBox()->resources());
        return;
    }
    launch(runs, dlg.outputDir(), !dlg.syntheticData(), dlg.parallelRuns());
}

void MainWindow::connectCluster() {
    connect(cluster_, &ClusterJobs::jobsChanged, this,
            [this] { model_->setClusterJobs(cluster_->jobs()); });
    connect(cluster_, &ClusterJobs::submitted, this, [this](const QString& job, int runs) {
        const QString dir = cluster_->experiment();
        if (store_->dir() != dir) {
            openExperiment(dir);
        }
        store_->poll();
        statusBar()->showMessage(
            tr("Submitted %n run(s) as Slurm array job %1.", nullptr, runs).arg(job), 15000);
    });
    connect(cluster_, &ClusterJobs::failed, this, [this](const QString& error) {
        statusBar()->clearMessage();
        QMessageBox::warning(this, tr("Submission failed"), error);
    });
    connect(cluster_, &ClusterJobs::cancelFailed, this, [this](const QString& error) {
        QMessageBox::warning(this, tr("scancel failed"), error);
    });
}

rs::SlurmSubmitRequest MainWindow::clusterRequest(const std::vector<rs::RunConfig>& runs,
                                                  const QString& dir, bool prepareData,
                                                  const rs::SlurmResources& resources) const {
    rs::SlurmSubmitRequest r;
    r.out = QDir(dir).absolutePath().toStdString();
    r.cli = QDir(QCoreApplication::applicationDirPath())
                .absoluteFilePath(QStringLiteral("rankscope-cli"))
                .toStdString();
    r.preset = runs.front().preset;
    r.res = resources;
    const QString data = prepareData ? experimentDataDir(dir) : QString();
    r.setRuns(runs, data.toStdString());
    return r;
}

void MainWindow::submitToCluster(const std::vector<rs::RunConfig>& runs, const QString& dir,
                                 bool prepareData, const rs::SlurmResources& resources) {
    rs::SlurmSubmitRequest request;
    rs::SlurmScripts scripts;
    try {
        request = clusterRequest(runs, dir, prepareData, resources);
        request.validate();
        scripts = rs::slurmScripts(request, rs::existingPlan(request.out));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot submit"), QString::fromStdString(e.what()));
        return;
    }
    if (!ClusterJobs::confirmScripts(this, scripts)) {
        return;
    }
    statusBar()->showMessage(tr("Submitting %n run(s) to Slurm…", nullptr, int(runs.size())));
    cluster_->submit(request);
}

void MainWindow::launch(const std::vector<rs::RunConfig>& runs, const QString& dir,
                        bool prepareData, int parallel) {
    try {
        rs::writeExperimentPlan(dir.toStdString(), runs.front().preset, runs);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot launch"), QString::fromStdString(e.what()));
        return;
    }
    if (store_->dir() != QDir(dir).absolutePath() && !openExperiment(dir)) {
        return;
    }
    for (const auto& r : runs) {
        launched_[QString::fromStdString(r.runName())] = r;
        model_->setQueueState(QString::fromStdString(r.runName()),
                              RunTableModel::QueueState::Waiting);
    }
    queue_->setParallel(parallel);
    queue_->enqueue(runs, QDir(dir).absolutePath(),
                    prepareData ? experimentDataDir(dir) : QString());
    store_->poll();
    updateStatus();
}

QString MainWindow::selectedRun() const {
    const auto rows =
        table_->selectionModel() ? table_->selectionModel()->selectedRows() : QModelIndexList{};
    if (rows.isEmpty()) {
        return {};
    }
    return proxy_->data(rows.front(), RunTableModel::RunNameRole).toString();
}

void MainWindow::cancelSelected() {
    const QString run = selectedRun();
    if (run.isEmpty()) {
        statusBar()->showMessage(tr("Select a run first."), 5000);
        return;
    }
    if (!queue_->isActive(run) && !queue_->isQueued(run) && cluster_->cancel(run)) {
        statusBar()->showMessage(tr("%1: scancel %2; a running task saves a resume point.")
                                     .arg(run, cluster_->jobOf(run)),
                                 8000);
        return;
    }
    queue_->cancel(run);
    model_->setQueueState(run, RunTableModel::QueueState::Idle);
    statusBar()->showMessage(
        tr("%1: cancelling; it stays resumable from its last checkpoint.").arg(run), 8000);
}

void MainWindow::resumeSelected() {
    const QString run = selectedRun();
    const auto* snap = store_->run(run);
    if (run.isEmpty() || !snap) {
        statusBar()->showMessage(tr("Select a run first."), 5000);
        return;
    }
    if (queue_->isActive(run) || queue_->isQueued(run)) {
        statusBar()->showMessage(tr("%1 is already queued or training.").arg(run), 5000);
        return;
    }
    std::optional<rs::RunConfig> cfg = snap->config;
    if (!cfg) {
        if (auto it = launched_.find(run); it != launched_.end()) {
            cfg = it->second;
        }
    }
    if (!cfg) {
        QMessageBox::information(this, tr("Resume"),
                                 tr("%1 has not started yet and was not queued from this window; "
                                    "launch it from the run-matrix dialog.")
                                     .arg(run));
        return;
    }
    model_->setQueueState(run, RunTableModel::QueueState::Waiting);
    queue_->enqueue({*cfg}, store_->dir());
}

void MainWindow::updateRunActions() {
    if (!cancelAction_ || !resumeAction_) {
        return;
    }
    const QString run = selectedRun();
    const auto* snap = run.isEmpty() ? nullptr : store_->run(run);
    const bool waiting = !run.isEmpty() && (queue_->isActive(run) || queue_->isQueued(run));
    const bool onCluster = !run.isEmpty() && !cluster_->jobOf(run).isEmpty();
    const bool done = snap && snap->status.state == rs::RunState::Done;
    cancelAction_->setEnabled(waiting || (onCluster && !done));
    resumeAction_->setEnabled(!run.isEmpty() && !waiting && !done);
}

void MainWindow::openSelectedFolder() {
    const QString run = selectedRun();
    if (const auto* snap = store_->run(run)) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QString::fromStdString(snap->dir.string())));
    } else if (!store_->dir().isEmpty()) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(store_->dir()));
    }
}

} // namespace rsui
