#include "headless_matrix.h"

#include "figures/study_figures.h"
#include "report/report_writer.h"
#include "store/experiment.h"
#include "store/experiment_plan.h"
#include "surgery/surgery_worker.h"
#include "training/run_queue.h"

#include <QDir>
#include <QHash>
#include <QThread>

#include <cstdio>

namespace rsui {

HeadlessMatrix::HeadlessMatrix(std::vector<rs::RunConfig> runs, QString experimentDir,
                               bool prepareData, QObject* parent)
    : QObject(parent), runs_(std::move(runs)), dir_(QDir(experimentDir).absolutePath()),
      prepare_(prepareData), queue_(new RunQueue(this)) {}

void HeadlessMatrix::start() {
    rs::writeExperimentPlan(dir_.toStdString(), runs_.front().preset, runs_);
    auto lastTenth = std::make_shared<QHash<QString, int>>();
    connect(queue_, &RunQueue::progress, this, [lastTenth](const RunProgressEvent& e) {
        const int tenth = e.budget > 0 ? int(10 * e.tokens / e.budget) : 0;
        if (lastTenth->value(e.run, -1) != tenth) {
            (*lastTenth)[e.run] = tenth;
            std::fprintf(stderr, "%s %3d%% %lld/%lld tokens, loss %.4f, %.0f tokens/s\n",
                         qPrintable(e.run), tenth * 10, (long long)e.tokens, (long long)e.budget,
                         e.loss, e.tokensPerS);
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
    queue_->enqueue(runs_, dir_, prepare_ ? QDir(dir_).filePath("data") : QString());
}

void HeadlessMatrix::afterTraining() {
    if (exitCode_ != 0) {
        return;
    }
    // The study's surgery figure: A1 (QK-Norm on) at its last checkpoint, when not swept yet.
    rs::ExperimentFollower exp(dir_.toStdString());
    exp.poll();
    const rs::RunSnapshot* a1 = nullptr;
    for (const auto* r : exp.runs()) {
        if (r->cell == "A1" && r->status.state == rs::RunState::Done && !a1) {
            a1 = r;
        }
    }
    if (!a1 || !a1->surgery.empty() || a1->probes.empty()) {
        writeFigures();
        return;
    }
    auto* thread = new QThread(this);
    auto* worker = new SurgeryWorker;
    worker->moveToThread(thread);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    const QString dir = QString::fromStdString(a1->dir.string());
    const qint64 tokens = a1->probes.back().tokens;
    std::fprintf(stderr, "surgery sweep on %s at %lld tokens…\n", a1->name.c_str(),
                 (long long)tokens);
    connect(worker, &SurgeryWorker::opened, worker, [worker] {
        worker->sweep({"gamma", "svd", "random"});
    });
    auto finish = [this, thread] {
        thread->quit();
        thread->wait();
        writeFigures();
    };
    connect(worker, &SurgeryWorker::sweepFinished, this,
            [worker](const QString& path, bool, double s) {
                std::fprintf(stderr, "surgery sweep: %.1f s -> %s\n", s, qPrintable(path));
                QMetaObject::invokeMethod(worker, &SurgeryWorker::ablate, Qt::QueuedConnection);
            });
    connect(worker, &SurgeryWorker::ablationFinished, this,
            [finish](const QString& path, bool, double s) {
                std::fprintf(stderr, "single-dimension ablation: %.1f s -> %s\n", s,
                             qPrintable(path));
                finish();
            });
    connect(worker, &SurgeryWorker::failed, this, [finish](const QString& m) {
        std::fprintf(stderr, "surgery skipped: %s\n", qPrintable(m));
        finish();
    });
    thread->start();
    QMetaObject::invokeMethod(
        worker, [worker, dir, tokens] { worker->open(dir, tokens, {}); }, Qt::QueuedConnection);
}

void HeadlessMatrix::writeFigures() {
    const QString out = QDir(dir_).filePath("figures");
    try {
        const auto files = writeStudyFigures(dir_, out);
        std::printf("figures: %lld files in %s\n", (long long)files.size(), qPrintable(out));
        const QString report = QDir(dir_).filePath("report");
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
