#include "ui/training/progress_bridge.h"

namespace rsui {

ProgressBridge::ProgressBridge(QString run, std::function<void(const RunProgressEvent&)> progress,
                               std::function<void(const RunCheckpointEvent&)> checkpoint)
    : run_(std::move(run)), progress_(std::move(progress)), checkpoint_(std::move(checkpoint)) {}

void ProgressBridge::onProgress(const rs::TrainProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (p.step != p.total_steps && now - last_ < std::chrono::milliseconds(100)) {
        return;
    }
    last_ = now;
    RunProgressEvent e;
    e.run = run_;
    e.step = p.step;
    e.totalSteps = p.total_steps;
    e.tokens = p.tokens;
    e.budget = p.token_budget;
    e.loss = p.loss;
    e.tokensPerS = p.tokens_per_s;
    e.etaS = p.eta_s;
    e.threads = p.threads;
    progress_(e);
}

void ProgressBridge::onCheckpoint(const rs::CheckpointEvent& c) {
    RunCheckpointEvent e;
    e.run = run_;
    e.tokens = c.tokens;
    e.valLoss = c.val_loss;
    e.trainLoss = c.train_loss;
    e.meanKeyPR = c.mean_key_pr;
    checkpoint_(e);
}

} // namespace rsui
