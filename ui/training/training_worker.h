#pragma once

#include "core/config/run_config.h"
#include "core/train/thread_governor.h"
#include "ui/training/run_events.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace rsui {

// Trains one run on its own QThread through the core trainer. The trainer's observer is
// bridged to signals emitted on the training thread; connected GUI objects receive them
// queued, as values. Cancellation is the shared atomic flag the trainer checks every step:
// nobody ever waits on this object from the GUI thread.
class TrainingWorker : public QObject {
    Q_OBJECT

  public:
    // `cores`: shared with the runs training beside this one (each adapts its threads to it).
    TrainingWorker(rs::RunConfig cfg, QString runDir, std::shared_ptr<std::atomic<bool>> cancel,
                   std::shared_ptr<rs::CoreShare> cores = nullptr);
    QString runName() const { return name_; }

  public Q_SLOTS:
    void start();

  Q_SIGNALS:
    void progress(const rsui::RunProgressEvent& e);
    void checkpoint(const rsui::RunCheckpointEvent& e);
    // state: rs::RunState as int; message: the error of a failed run.
    void finished(const QString& run, int state, const QString& message);

  private:
    rs::RunConfig cfg_;
    QString dir_, name_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::shared_ptr<rs::CoreShare> cores_;
};

} // namespace rsui
