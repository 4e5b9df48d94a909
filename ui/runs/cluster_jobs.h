#pragma once

#include "core/cluster/slurm_submit.h"

#include <QMap>
#include <QObject>
#include <QString>

class QWidget;

namespace rsui {

// The workbench's side of a Slurm experiment: shows the scripts before submitting, submits off
// the GUI thread, knows each run's job (slurm/submissions.json) and cancels with scancel.
class ClusterJobs : public QObject {
    Q_OBJECT

  public:
    explicit ClusterJobs(QObject* parent = nullptr) : QObject(parent) {}

    // The scripts as they will be written, for the user to read; true when they choose Submit.
    static bool confirmScripts(QWidget* parent, const rs::SlurmScripts& scripts);
    static QString scriptText(const rs::SlurmScripts& scripts);
    // Submits on a worker thread; submitted() or failed() follows.
    void submit(const rs::SlurmSubmitRequest& request);
    bool submitting() const { return submitting_; }
    // Reads the experiment's submissions ("" = none open).
    void load(const QString& experiment);
    QString experiment() const { return experiment_; }
    QString jobOf(const QString& run) const { return jobs_.value(run); }
    QMap<QString, QString> jobs() const { return jobs_; }
    // scancel for the run's job (asynchronous; cancelFailed() on error).
    bool cancel(const QString& run);

  Q_SIGNALS:
    void submitted(const QString& arrayJob, int runs);
    void failed(const QString& error);
    void jobsChanged();
    void cancelFailed(const QString& error);

  private:
    QString experiment_;
    QMap<QString, QString> jobs_;
    bool submitting_ = false;
};

} // namespace rsui
