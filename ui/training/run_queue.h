#pragma once

#include "core/config/run_config.h"
#include "core/train/thread_governor.h"
#include "ui/training/run_events.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <atomic>
#include <deque>
#include <memory>

class QThread;

namespace rsui {

// Runs waiting to train and runs training, each on its own QThread, at most `parallel` at
// once; runs at once share the cores through one CoreShare. When the runs use prepared data that is
// not there yet, the data is prepared first on a worker thread. Everything here is called on the
// GUI thread and never blocks it.
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
    int parallel() const { return parallel_; }

    void cancel(const QString& run); // queued: dropped; training: stops at the next step
    void cancelAll();
    bool isActive(const QString& run) const;
    bool isQueued(const QString& run) const;
    int activeCount() const { return int(active_.size()); }
    int queuedCount() const { return int(pending_.size()); }
    bool busy() const { return !active_.isEmpty() || !pending_.empty() || preparing_; }
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
    struct Pending {
        rs::RunConfig cfg;
        QString dir;
    };
    struct Active {
        QThread* thread = nullptr;
        std::shared_ptr<std::atomic<bool>> cancel;
    };
    void startNext();
    void onFinished(const QString& run, int state, const QString& message);

    std::deque<Pending> pending_;
    QHash<QString, Active> active_;
    int parallel_ = 1;
    bool preparing_ = false;
    std::shared_ptr<rs::CoreShare> cores_;
};

} // namespace rsui
