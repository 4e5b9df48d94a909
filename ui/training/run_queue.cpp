#include "ui/training/run_queue.h"

#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/train/run_scheduler.h"
#include "ui/training/progress_bridge.h"

#include <QDir>
#include <QThread>

namespace rsui {

RunQueue::RunQueue(QObject* parent) : QObject(parent) {
    qRegisterMetaType<RunProgressEvent>();
    qRegisterMetaType<RunCheckpointEvent>();
    rs::RunScheduler::Hooks hooks;
    // Called on the training threads: every signal is emitted on the GUI thread, as values.
    hooks.observer = [this](const rs::MatrixJob& job) {
        return std::make_unique<ProgressBridge>(
            QString::fromStdString(job.cfg.runName()),
            [this](const RunProgressEvent& e) {
                QMetaObject::invokeMethod(
                    this, [this, e] { Q_EMIT progress(e); }, Qt::QueuedConnection);
            },
            [this](const RunCheckpointEvent& e) {
                QMetaObject::invokeMethod(
                    this, [this, e] { Q_EMIT checkpoint(e); }, Qt::QueuedConnection);
            });
    };
    hooks.started = [this](const rs::MatrixJob& job) {
        QMetaObject::invokeMethod(
            this,
            [this, run = QString::fromStdString(job.cfg.runName())] {
                Q_EMIT runStarted(run);
                Q_EMIT changed();
            },
            Qt::QueuedConnection);
    };
    hooks.finished = [this](const rs::MatrixJob& job, const rs::TrainResult& r) {
        QMetaObject::invokeMethod(
            this,
            [this, run = QString::fromStdString(job.cfg.runName()), state = int(r.state),
             message = QString::fromStdString(r.message)] { onFinished(run, state, message); },
            Qt::QueuedConnection);
    };
    scheduler_ = std::make_unique<rs::RunScheduler>(std::move(hooks), rs::RunScheduler::Options{});
}

RunQueue::~RunQueue() {
    blockSignals(true); // receivers may be half destroyed by now
    shutdown(30000);
    scheduler_.reset(); // joins the workers before this object goes
}

void RunQueue::enqueue(const std::vector<rs::RunConfig>& runs, const QString& experimentDir,
                       const QString& prepareData, const QString& cacheDir) {
    const bool prepare =
        !prepareData.isEmpty() && !runs.empty() &&
        !rs::experimentDataReady(prepareData.toStdString(), runs.front().model.vocab_size);
    if (prepare) {
        this->prepareData(prepareData, cacheDir, int(runs.front().model.vocab_size));
    }
    for (const auto& cfg : runs) {
        const QString name = QString::fromStdString(cfg.runName());
        scheduler_->enqueue({cfg, QDir(experimentDir).filePath(name).toStdString()});
    }
    Q_EMIT changed();
}

// Holds the queue while the experiment's data is prepared on a worker thread.
void RunQueue::prepareData(const QString& dir, const QString& cacheDir, int vocab) {
    preparing_ = true;
    scheduler_->hold(true);
    rs::PrepareOptions opt;
    opt.out_dir = dir.toStdString();
    opt.cache_dir =
        cacheDir.isEmpty() ? rs::defaultCacheDir() : std::filesystem::path(cacheDir.toStdString());
    opt.vocab_size = vocab;
    auto* thread = QThread::create([this, opt]() mutable {
        opt.progress = [this](const std::string& stage, double f) {
            QMetaObject::invokeMethod(
                this, [this, s = QString::fromStdString(stage), f] { Q_EMIT dataProgress(s, f); },
                Qt::QueuedConnection);
        };
        QString error;
        try {
            rs::prepareExperimentData(opt);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, error] {
                preparing_ = false;
                if (!error.isEmpty()) {
                    scheduler_->clearQueue();
                    scheduler_->hold(false);
                    Q_EMIT dataFailed(error);
                    Q_EMIT changed();
                    Q_EMIT idle();
                    return;
                }
                scheduler_->hold(false);
                Q_EMIT changed();
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void RunQueue::setParallel(int n) {
    scheduler_->setParallel(n);
    Q_EMIT changed();
}

int RunQueue::parallel() const {
    return scheduler_->parallel();
}

bool RunQueue::isActive(const QString& run) const {
    return scheduler_->isActive(run.toStdString());
}

bool RunQueue::isQueued(const QString& run) const {
    return scheduler_->isQueued(run.toStdString());
}

int RunQueue::activeCount() const {
    return scheduler_->activeCount();
}

int RunQueue::queuedCount() const {
    return scheduler_->queuedCount();
}

bool RunQueue::busy() const {
    return preparing_ || scheduler_->activeCount() > 0 || scheduler_->queuedCount() > 0;
}

void RunQueue::onFinished(const QString& run, int state, const QString& message) {
    Q_EMIT runFinished(run, state, message);
    Q_EMIT changed();
    if (!busy()) {
        Q_EMIT idle();
    }
}

void RunQueue::cancel(const QString& run) {
    scheduler_->cancel(run.toStdString());
    Q_EMIT changed();
}

void RunQueue::cancelAll() {
    scheduler_->cancelAll();
    Q_EMIT changed();
}

void RunQueue::shutdown(int timeoutMs) {
    cancelAll();
    scheduler_->waitFor(timeoutMs); // runs stop at their next step and save
}

} // namespace rsui
