#include "core/train/trainer.h"
#include "core/train/train_session.h"

namespace rs {

Trainer::Trainer(RunConfig cfg, std::filesystem::path run_dir, TrainOptions options)
    : cfg_(std::move(cfg)), dir_(std::move(run_dir)), opt_(options) {}

TrainResult Trainer::run() {
    return TrainSession(cfg_, dir_, opt_).run();
}

} // namespace rs
