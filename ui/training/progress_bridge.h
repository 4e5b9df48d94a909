#pragma once

#include "core/train/observer.h"
#include "ui/training/run_events.h"

#include <QString>

#include <chrono>
#include <functional>

namespace rsui {

// The trainer's observer for the workbench: turns its reports, on the training thread, into
// value events handed to `progress` and `checkpoint` (which emit queued signals), at most ~10
// progress events a second whatever the step rate.
class ProgressBridge : public rs::TrainObserver {
  public:
    ProgressBridge(QString run, std::function<void(const RunProgressEvent&)> progress,
                   std::function<void(const RunCheckpointEvent&)> checkpoint);
    void onProgress(const rs::TrainProgress& p) override;
    void onCheckpoint(const rs::CheckpointEvent& c) override;

  private:
    QString run_;
    std::function<void(const RunProgressEvent&)> progress_;
    std::function<void(const RunCheckpointEvent&)> checkpoint_;
    std::chrono::steady_clock::time_point last_{};
};

} // namespace rsui
