#pragma once

#include "core/config/run_config.h"
#include "ui/training/run_events.h"

#include <QObject>
#include <QString>

#include <memory>

namespace rs {
class RunScheduler;
}

namespace rsui {

// The workbench's face of the core scheduler (core/train/run_scheduler.h): runs waiting and
// training, at most `parallel` at once, their reports turned into queued signals. When the runs
// use prepared data that is not there yet, the data is prepared first on a worker thread.
// Everything here is called on the GUI thread and never blocks it.
class RunQueue : public QObject {
    Q_OBJECT

  public:
    explicit RunQueue(QObject* parent = nullptr);
    ~RunQueue() override;

    // Queues runs into `experimentDir`/<run name>. `prepareData`: the folder the runs'
    // prepared data lives in, prepared first when missing (empty: synthetic or ready data).
    void enqueue(const std::vector<rs::RunConfig>& runs, const QString& experimentDir,
                 const QString& prepareData = {}, const QString& cacheDir = {});
    void setParallel(int n);
    int parallel() const;

    void cancel(const QString& run); // queued: dropped; training: stops at the next step
    void cancelAll();
    bool isActive(const QString& run) const;
    bool isQueued(const QString& run) const;
    int activeCount() const;
    int queuedCount() const;
    bool busy() const;
    // Waits (bounded) for cancelled workers to save and exit: only for application shutdown.
    void shutdown(int timeoutMs);

  Q_SIGNALS:
    void progress(const rsui::RunProgressEvent& e);
    void checkpoint(const rsui::RunCheckpointEvent& e);
    void runStarted(const QString& run);
    void runFinished(const QString& run, int state, const QString& message);
    void dataProgress(const QString& stage, double fraction);
    void dataFailed(const QString& message);
    void changed(); // queue contents or activity changed
    void idle();    // nothing queued or training any more

  private:
    void prepareData(const QString& dir, const QString& cacheDir, int vocab);
    void onFinished(const QString& run, int state, const QString& message);

    std::unique_ptr<rs::RunScheduler> scheduler_;
    bool preparing_ = false;
};

} // namespace rsui
