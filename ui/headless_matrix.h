#pragma once

#include "config/run_config.h"

#include <QObject>
#include <QString>

#include <vector>

namespace rsui {

class RunQueue;

// The main job without a display: trains the matrix through the same RunQueue the window
// uses, sweeps the surgery on A1's last checkpoint, and writes the study figures into
// <experiment>/figures and the report into <experiment>/report. Progress goes to stderr, one line
// per 10 % of each run.
class HeadlessMatrix : public QObject {
    Q_OBJECT

  public:
    HeadlessMatrix(std::vector<rs::RunConfig> runs, QString experimentDir, bool prepareData,
                   QObject* parent = nullptr);
    void start();

  Q_SIGNALS:
    void done(int exitCode);

  private:
    void afterTraining();
    void writeFigures();

    std::vector<rs::RunConfig> runs_;
    QString dir_;
    bool prepare_;
    RunQueue* queue_;
    int failures_ = 0;
    int exitCode_ = 0;
};

} // namespace rsui
