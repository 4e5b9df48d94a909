#include "ui/training/training_worker.h"

#include "core/train/trainer.h"

#include <chrono>

namespace rsui {

namespace {

class Bridge : public rs::TrainObserver {
  public:
    Bridge(TrainingWorker* w, QString name) : w_(w), name_(std::move(name)) {}

    void onProgress(const rs::TrainProgress& p) override {
        // At most ~10 updates a second reach the GUI, whatever the step rate.
        const auto now = std::chrono::steady_clock::now();
        if (p.step != p.total_steps && now - last_ < std::chrono::milliseconds(100)) {
            return;
        }
        last_ = now;
        RunProgressEvent e;
        e.run = name_;
        e.step = p.step;
        e.totalSteps = p.total_steps;
        e.tokens = p.tokens;
        e.budget = p.token_budget;
        e.loss = p.loss;
        e.tokensPerS = p.tokens_per_s;
        e.etaS = p.eta_s;
        e.threads = p.threads;
        Q_EMIT w_->progress(e);
    }
    void onCheckpoint(const rs::CheckpointEvent& c) override {
        RunCheckpointEvent e;
        e.run = name_;
        e.tokens = c.tokens;
        e.valLoss = c.val_loss;
        e.trainLoss = c.train_loss;
        e.meanKeyPR = c.mean_key_pr;
        Q_EMIT w_->checkpoint(e);
    }

  private:
    TrainingWorker* w_;
    QString name_;
    std::chrono::steady_clock::time_point last_{};
};

} // namespace

TrainingWorker::TrainingWorker(rs::RunConfig cfg, QString runDir,
                               std::shared_ptr<std::atomic<bool>> cancel,
                               std::shared_ptr<rs::CoreShare> cores)
    : cfg_(std::move(cfg)), dir_(std::move(runDir)), name_(QString::fromStdString(cfg_.runName())),
      cancel_(std::move(cancel)), cores_(std::move(cores)) {}

void TrainingWorker::start() {
    Bridge bridge(this, name_);
    rs::TrainOptions opt;
    opt.observer = &bridge;
    opt.cancel = cancel_.get();
    opt.console_log = false;
    opt.cores = cores_;
    rs::TrainResult result;
    try {
        result = rs::Trainer(cfg_, dir_.toStdString(), opt).run();
    } catch (const std::exception& e) {
        // The trainer reports user errors in its result; anything else still must not take
        // the application down with it.
        result.state = rs::RunState::Failed;
        result.message = e.what();
    }
    Q_EMIT finished(name_, int(result.state), QString::fromStdString(result.message));
}

} // namespace rsui
