#include "ui/headless_matrix.h"
#include "ui/experiment_paths.h"
#include "core/config/study_design.h"

#include "ui/figures/study_figures.h"
#include "ui/report/report_writer.h"
#include "core/store/experiment.h"
#include "core/store/experiment_plan.h"
#include "ui/surgery/surgery_worker.h"
#include "core/train/matrix_runner.h"
#include "core/train/runtime.h"
#include "core/util/system_info.h"
#include "ui/training/run_queue.h"

#include <QDir>
#include <QHash>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace rsui {

std::vector<rs::RunConfig> matrixRuns(const QString& preset, const QString& dir, bool synthetic,
                                      int seeds) {
    rs::RunConfig base = rs::loadPreset(preset.toStdString());
    if (synthetic) {
        base.data.source = rs::DataSource::Synthetic;
    } else {
        base.data.source = rs::DataSource::Prepared;
        base.data.dir = experimentDataDir(dir).toStdString();
    }
    return rs::expandMatrix(base, rs::defaultMatrix(synthetic), seeds);
}

HeadlessMatrix::HeadlessMatrix(std::vector<rs::RunConfig> runs, QString experimentDir,
                               bool prepareData, int parallel, QObject* parent)
    : QObject(parent), runs_(std::move(runs)), dir_(QDir(experimentDir).absolutePath()),
      prepare_(prepareData), queue_(new RunQueue(this)) {
    queue_->setParallel(parallel > 0 ? parallel
                                     : rs::defaultParallelRuns(runs_.front(), runs_.size()));
}

void HeadlessMatrix::start() {
    rs::writeExperimentPlan(dir_.toStdString(), runs_.front().preset, runs_);
    std::fprintf(stderr, "%zu runs, %d at once\n", runs_.size(),
                 std::min(queue_->parallel(), int(runs_.size())));
    auto lastTenth = std::make_shared<QHash<QString, int>>();
    connect(queue_, &RunQueue::progress, this, [lastTenth](const RunProgressEvent& e) {
        const int tenth = e.budget > 0 ? int(10 * e.tokens / e.budget) : 0;
        if (lastTenth->value(e.run, -1) != tenth) {
            (*lastTenth)[e.run] = tenth;
            std::fprintf(stderr,
                         "%s %3d%% %lld/%lld tokens, loss %.4f, %.0f tokens/s, %d thread%s\n",
                         qPrintable(e.run), tenth * 10, (long long)e.tokens, (long long)e.budget,
                         e.loss, e.tokensPerS, e.threads, e.threads == 1 ? "" : "s");
        }
    });
    connect(queue_, &RunQueue::runStarted, this,
            [](const QString& run) { std::fprintf(stderr, "%s started\n", qPrintable(run)); });
    connect(queue_, &RunQueue::runFinished, this,
            [this](const QString& run, int state, const QString& message) {
                std::fprintf(stderr, "%s %s%s%s\n", qPrintable(run),
                             rs::toString(rs::RunState(state)).c_str(),
                             message.isEmpty() ? "" : ": ", qPrintable(message));
                failures_ += state == int(rs::RunState::Done) ? 0 : 1;
            });
    connect(queue_, &RunQueue::dataProgress, this, [](const QString& stage, double) {
        static QString last;
        if (stage != last) {
            std::fprintf(stderr, "data: %s\n", qPrintable(stage));
            last = stage;
        }
    });
    connect(queue_, &RunQueue::dataFailed, this, [this](const QString& m) {
        std::fprintf(stderr, "data preparation failed: %s\n", qPrintable(m));
        exitCode_ = 1;
        Q_EMIT done(exitCode_);
    });
    connect(queue_, &RunQueue::idle, this, &HeadlessMatrix::afterTraining);
    queue_->enqueue(runs_, dir_, prepare_ ? experimentDataDir(dir_) : QString());
}

void HeadlessMatrix::afterTraining() {
    if (exitCode_ != 0) {
        return;
    }
    // The study's surgery: every seed of the design's surgery cells (A1: QK-Norm on) at its
    // last checkpoint, when not swept yet.
    const auto& cells = rs::studyDesign().surgery_cells;
    rs::ExperimentFollower exp(dir_.toStdString());
    exp.poll();
    for (const auto* r : exp.runs()) {
        const bool wanted = std::find(cells.begin(), cells.end(), r->cell) != cells.end();
        if (wanted && r->status.state == rs::RunState::Done && r->surgery.empty() &&
            !r->probes.empty()) {
            surgeryQueue_.push_back({QString::fromStdString(r->dir.string()),
                                     QString::fromStdString(r->name), r->probes.back().tokens});
        }
    }
    if (surgeryQueue_.empty()) {
        writeFigures();
        return;
    }
    // One sweep at a time with every core: two side by side with one thread each took 97 s for
    // the four A1 seeds against 80 s one after another (2-core EPYC).
    startSurgeryWorker(int(rs::availableCores()));
}

void HeadlessMatrix::startSurgeryWorker(int threads) {
    auto* thread = new QThread(this);
    auto* worker = new SurgeryWorker;
    worker->moveToThread(thread);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &SurgeryWorker::opened, worker, [worker] {
        const auto s = rs::defaultStrategies();
        worker->sweep(QList<rs::Strategy>(s.begin(), s.end()));
    });
    connect(worker, &SurgeryWorker::sweepFinished, this,
            [worker](const QString& path, bool, double s) {
                std::fprintf(stderr, "surgery sweep: %.1f s -> %s\n", s, qPrintable(path));
                QMetaObject::invokeMethod(worker, &SurgeryWorker::ablate, Qt::QueuedConnection);
            });
    connect(worker, &SurgeryWorker::ablationFinished, this,
            [this, thread, worker](const QString& path, bool, double s) {
                std::fprintf(stderr, "single-dimension ablation: %.1f s -> %s\n", s,
                             qPrintable(path));
                nextSurgery(thread, worker);
            });
    connect(worker, &SurgeryWorker::failed, this, [this, thread, worker](const QString& m) {
        std::fprintf(stderr, "surgery skipped: %s\n", qPrintable(m));
        nextSurgery(thread, worker);
    });
    thread->start();
    QMetaObject::invokeMethod(
        worker, [threads] { rs::setComputeThreads(threads); }, Qt::QueuedConnection);
    nextSurgery(thread, worker);
}

void HeadlessMatrix::nextSurgery(QThread* thread, SurgeryWorker* worker) {
    if (surgeryQueue_.empty()) {
        thread->quit();
        thread->wait();
        writeFigures();
        return;
    }
    const SurgeryJob job = surgeryQueue_.front();
    surgeryQueue_.pop_front();
    std::fprintf(stderr, "surgery sweep on %s at %lld tokens…\n", qPrintable(job.run),
                 (long long)job.tokens);
    QMetaObject::invokeMethod(
        worker, [worker, job] { worker->open(job.dir, job.tokens, {}); }, Qt::QueuedConnection);
}

void HeadlessMatrix::writeFigures() {
    const QString out = experimentFiguresDir(dir_);
    try {
        const auto files = writeStudyFigures(dir_, out);
        std::printf("figures: %lld files in %s\n", (long long)files.size(), qPrintable(out));
        const QString report = experimentReportDir(dir_);
        const auto r = writeReport(dir_, report);
        std::printf("report: %s/report.html (%lld files)\n", qPrintable(report),
                    (long long)r.files.size());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "figures failed: %s\n", e.what());
        failures_ += 1;
    }
    std::printf("matrix done: %zu runs in %s, %d not finished\n", runs_.size(), qPrintable(dir_),
                failures_);
    exitCode_ = failures_ == 0 ? 0 : 1;
    Q_EMIT done(exitCode_);
}

} // namespace rsui
