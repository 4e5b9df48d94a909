#pragma once

#include "core/config/run_config.h"

#include <QObject>
#include <QString>

#include <deque>
#include <vector>

class QThread;

namespace rsui {

class RunQueue;
class SurgeryWorker;

// The default matrix of `preset` with `seeds` seeds per cell: on the synthetic language, or on
// the prepared corpora in <dir>/data.
std::vector<rs::RunConfig> matrixRuns(const QString& preset, const QString& dir, bool synthetic,
                                      int seeds);

// The main job without a display: trains the matrix through the same RunQueue the window
// uses (`parallel` runs at once; 0: the default of `matrix`), sweeps the surgery and the
// single-dimension ablation on every A1 seed's last checkpoint, and writes the study figures
// into <experiment>/figures and the report into <experiment>/report. Progress goes to stderr,
// one line per 10 % of each run.
class HeadlessMatrix : public QObject {
    Q_OBJECT

  public:
    HeadlessMatrix(std::vector<rs::RunConfig> runs, QString experimentDir, bool prepareData,
                   int parallel = 0, QObject* parent = nullptr);
    void start();

  Q_SIGNALS:
    void done(int exitCode);

  private:
    struct SurgeryJob {
        QString dir, run;
        qint64 tokens = 0;
    };
    void afterTraining();
    void startSurgeryWorker(int threads);
    void nextSurgery(QThread* thread, SurgeryWorker* worker);
    void writeFigures();

    std::vector<rs::RunConfig> runs_;
    QString dir_;
    bool prepare_;
    RunQueue* queue_;
    std::deque<SurgeryJob> surgeryQueue_;
    int failures_ = 0;
    int exitCode_ = 0;
};

} // namespace rsui
