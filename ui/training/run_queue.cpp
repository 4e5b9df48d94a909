#include "ui/training/run_queue.h"

#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "ui/training/training_worker.h"
#include "core/util/error.h"
#include "core/util/system_info.h"

#include <QDir>
#include <QThread>

#include <algorithm>
#include <thread>

namespace rsui {

RunQueue::RunQueue(QObject* parent)
    : QObject(parent), cores_(std::make_shared<rs::CoreShare>(int(rs::availableCores()))) {
    qRegisterMetaType<RunProgressEvent>();
    qRegisterMetaType<RunCheckpointEvent>();
}

RunQueue::~RunQueue() {
    blockSignals(true); // receivers may be half destroyed by now
    shutdown(30000);
}

void RunQueue::enqueue(const std::vector<rs::RunConfig>& runs, const QString& experimentDir,
                       const QString& prepareData, const QString& cacheDir) {
    for (const auto& cfg : runs) {
        const QString name = QString::fromStdString(cfg.runName());
        if (isActive(name) || isQueued(name)) {
            continue;
        }
        pending_.push_back({cfg, QDir(experimentDir).filePath(name)});
    }
    if (!prepareData.isEmpty() && !runs.empty() &&
        !rs::experimentDataReady(prepareData.toStdString(), runs.front().model.vocab_size)) {
        preparing_ = true;
        rs::PrepareOptions opt;
        opt.out_dir = prepareData.toStdString();
        opt.cache_dir = cacheDir.isEmpty() ? rs::defaultCacheDir()
                                           : std::filesystem::path(cacheDir.toStdString());
        opt.vocab_size = int(runs.front().model.vocab_size);
        auto* thread = QThread::create([this, opt]() mutable {
            opt.progress = [this](const std::string& stage, double f) {
                QMetaObject::invokeMethod(
                    this,
                    [this, s = QString::fromStdString(stage), f] { Q_EMIT dataProgress(s, f); },
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
                        pending_.clear();
                        Q_EMIT dataFailed(error);
                        Q_EMIT changed();
                        Q_EMIT idle();
                        return;
                    }
                    startNext();
                },
                Qt::QueuedConnection);
        });
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->start();
    }
    Q_EMIT changed();
    startNext();
}

void RunQueue::setParallel(int n) {
    parallel_ = std::max(1, n);
    startNext();
}

bool RunQueue::isActive(const QString& run) const {
    return active_.contains(run);
}

bool RunQueue::isQueued(const QString& run) const {
    return std::any_of(pending_.begin(), pending_.end(), [&](const Pending& p) {
        return QString::fromStdString(p.cfg.runName()) == run;
    });
}

void RunQueue::startNext() {
    while (!preparing_ && !pending_.empty() && active_.size() < parallel_) {
        Pending p = std::move(pending_.front());
        pending_.pop_front();
        const QString name = QString::fromStdString(p.cfg.runName());
        Active a;
        a.cancel = std::make_shared<std::atomic<bool>>(false);
        a.thread = new QThread(this);
        // Runs at once share the cores (each adapts its threads to its share and the load).
        auto* worker = new TrainingWorker(p.cfg, p.dir, a.cancel, cores_);
        worker->moveToThread(a.thread);
        connect(a.thread, &QThread::started, worker, &TrainingWorker::start);
        connect(worker, &TrainingWorker::progress, this, &RunQueue::progress);
        connect(worker, &TrainingWorker::checkpoint, this, &RunQueue::checkpoint);
        connect(worker, &TrainingWorker::finished, this, &RunQueue::onFinished);
        // Direct: quit() is thread-safe, and shutdown() may be waiting on the GUI thread.
        connect(worker, &TrainingWorker::finished, a.thread, &QThread::quit, Qt::DirectConnection);
        connect(a.thread, &QThread::finished, worker, &QObject::deleteLater);
        active_.insert(name, a);
        a.thread->start(QThread::LowPriority); // the GUI thread keeps the upper hand
        Q_EMIT runStarted(name);
    }
    Q_EMIT changed();
}

void RunQueue::onFinished(const QString& run, int state, const QString& message) {
    if (auto it = active_.find(run); it != active_.end()) {
        QThread* t = it->thread;
        active_.erase(it);
        connect(t, &QThread::finished, t, &QObject::deleteLater);
        if (t->isFinished()) {
            t->deleteLater();
        }
    }
    Q_EMIT runFinished(run, state, message);
    startNext();
    if (!busy()) {
        Q_EMIT idle();
    }
}

void RunQueue::cancel(const QString& run) {
    pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                  [&](const Pending& p) {
                                      return QString::fromStdString(p.cfg.runName()) == run;
                                  }),
                   pending_.end());
    if (auto it = active_.find(run); it != active_.end()) {
        it->cancel->store(true);
    }
    Q_EMIT changed();
}

void RunQueue::cancelAll() {
    pending_.clear();
    for (auto& a : active_) {
        a.cancel->store(true);
    }
    Q_EMIT changed();
}

void RunQueue::shutdown(int timeoutMs) {
    cancelAll();
    const QDeadlineTimer deadline(timeoutMs);
    // Every thread of ours, including those whose run just finished and whose event loop has
    // not ended yet: a QThread destroyed while running aborts the process.
    for (auto* t : findChildren<QThread*>(QString(), Qt::FindDirectChildrenOnly)) {
        t->quit(); // workers stop at the next step (cancel flag); their loops then end
        t->wait(deadline);
    }
}

} // namespace rsui
