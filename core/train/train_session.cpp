#include "core/train/train_session.h"
#include "core/store/sealed_file.h"
#include "core/train/adaptive_threads.h"
#include "core/train/checkpoint_io.h"
#include "core/util/error.h"
#include "core/util/log.h"

#include <torch/torch.h>

#include <cmath>

namespace rs {

namespace {

// How many of the model's tensors hold NaN or Inf.
int nonFiniteTensors(TransformerImpl& model) {
    torch::NoGradGuard ng;
    int bad = 0;
    for (const auto& p : model.parameters()) {
        bad += torch::isfinite(p).all().item<bool>() ? 0 : 1;
    }
    return bad;
}

} // namespace

TrainResult TrainSession::run() {
    try {
        setUp();
        openDataAndModel();
        const int64_t start = resumePoint(readPreviousRun());
        first_step_ = start;
        startSession(start);
        return train(start);
    } catch (const UserError& e) {
        return finish(RunState::Failed, e.what());
    } catch (const c10::Error& e) {
        return finish(RunState::Failed,
                      std::string("LibTorch error: ") + e.what_without_backtrace());
    } catch (const std::exception& e) {
        return finish(RunState::Failed, std::string("error: ") + e.what());
    }
}

void TrainSession::checkpoint(int64_t step) {
    CheckpointEvent ev;
    ev.step = step;
    ev.tokens = step * tps_;
    ev.val_loss = evalLoss(*model_, mark_in_);
    ev.train_loss =
        steps_since_mark_ > 0 ? loss_since_mark_ / double(steps_since_mark_) : std::nan("");
    const auto path = rd_.checkpointPath(ev.tokens);
    // A mark keeps the weights; the optimizer state goes to the resume point (the final mark
    // keeps it, as does every mark with train.keep_optimizer_state). Mark first: a kill between
    // the two resumes from the older resume point and writes this mark again.
    const bool full = cfg_.train.keep_optimizer_state || step == total_steps_;
    saveCheckpoint(path, *model_, full ? &*optim_ : nullptr, {step, ev.tokens});
    if (!full) {
        saveCheckpoint(rd_.resumeCheckpoint(), *model_, &*optim_, {step, ev.tokens});
    }
    ev.path = path.string();
    rd_.appendMetric(CheckpointRecord{step, ev.tokens, ev.val_loss,
                                      steps_since_mark_ > 0 ? std::optional<double>(ev.train_loss)
                                                            : std::nullopt});
    if (mark_in_.eval.defined()) {
        const auto probe = probeAndRecord(*model_, mark_in_, ev.tokens, rd_);
        ev.mean_key_pr = probe.meanPR(QK::K, Tap::Normed);
        result_.probe_seconds += probe.seconds;
        if (!probe.valid) {
            log_->warn("probe at {} tokens: non-finite activations, metrics marked invalid",
                       ev.tokens);
        }
    }
    status_.tokens_done = ev.tokens;
    rd_.writeStatus(status_);
    log_->info("checkpoint at {} tokens: val loss {:.4f}", ev.tokens, ev.val_loss);
    result_.final_val_loss = ev.val_loss;
    loss_since_mark_ = 0.0;
    steps_since_mark_ = 0;
    if (opt_.observer) {
        opt_.observer->onCheckpoint(ev);
    }
}

double TrainSession::trainStep(int64_t step, AdaptiveThreads& threads) {
    const auto t_step = Clock::now();
    at::Tensor x, y;
    batcher_->batch(step, x, y);
    x = x.to(device_);
    y = y.to(device_);
    optim_->setLrMultiplier(lrMultiplier(cfg_.train, step, total_steps_));
    at::Tensor loss;
    {
        AutocastScope ac(rt_);
        loss = model_->loss(x, y);
    }
    double lv = loss.item<double>();
    if (step == opt_.fault_nan_at_step) {
        lv = std::nan("");
    }
    if (!std::isfinite(lv)) {
        return lv;
    }
    optim_->zeroGrad();
    loss.backward();
    if (cfg_.train.grad_clip > 0) {
        torch::nn::utils::clip_grad_norm_(model_->parameters(), cfg_.train.grad_clip);
    }
    optim_->step();
    if (step == opt_.fault_nan_weights_at_step) {
        torch::NoGradGuard ng;
        model_->parameters().front().fill_(std::nan(""));
    }
    threads.afterStep(step + 1, (step + 1) * tps_,
                      std::chrono::duration<double>(Clock::now() - t_step).count());
    return lv;
}

void TrainSession::recordStep(int64_t step, double lv, const AdaptiveThreads& threads) {
    result_.step_losses.push_back(lv);
    loss_since_mark_ += lv;
    ++steps_since_mark_;
    tokens_window_ += tps_;
    const double dt = std::chrono::duration<double>(Clock::now() - t_window_).count();
    if (dt > 0) {
        tokens_per_s_ = double(tokens_window_) / dt;
    }
    if (dt > 5.0) {
        t_window_ = Clock::now();
        tokens_window_ = 0;
    }
    const int64_t done = step + 1;
    if (done % cfg_.train.log_every == 0) {
        rd_.appendMetric(TrainRecord{done, done * tps_, lv, tokens_per_s_, threads.threads()});
    }
    if (opt_.observer) {
        TrainProgress p;
        p.step = done;
        p.total_steps = total_steps_;
        p.tokens = done * tps_;
        p.token_budget = total_steps_ * tps_;
        p.loss = lv;
        p.tokens_per_s = tokens_per_s_;
        p.threads = threads.threads();
        p.eta_s = tokens_per_s_ > 0 ? double((total_steps_ - done) * tps_) / tokens_per_s_ : 0.0;
        opt_.observer->onProgress(p);
    }
}

TrainResult TrainSession::stopAt(int64_t step, RunState state, const std::string& message) {
    result_.steps_done = step;
    result_.tokens_done = step * tps_;
    status_.tokens_done = step * tps_;
    return finish(state, message);
}

TrainResult TrainSession::diverged(int64_t step, const std::string& what) {
    rd_.appendMetric(DivergedRecord{step, step * tps_});
    std::string last = "no checkpoint was written before it";
    for (auto tokens : rd_.checkpoints()) {
        if (tokens <= step * tps_) {
            last = "the last good checkpoint is " + rd_.checkpointPath(tokens).filename().string() +
                   " (" + std::to_string(tokens) + " tokens)";
        }
    }
    return stopAt(step, RunState::Diverged,
                  what + "; " + last + " (try a lower learning rate or QK-Norm)");
}

TrainResult TrainSession::train(int64_t start_step) {
    model_->train();
    AdaptiveThreads threads(seat_, rt_, rd_, *log_);
    t_window_ = Clock::now();
    for (int64_t s = start_step; s <= total_steps_; ++s) {
        const bool at_mark = next_mark_ < marks_.size() && marks_[next_mark_] == s * tps_;
        const bool stop_requested = opt_.stop_after_steps >= 0 && s >= opt_.stop_after_steps;
        const bool cancel = (opt_.cancel && opt_.cancel->load()) || stop_requested;
        if (const int bad = (at_mark || cancel) ? nonFiniteTensors(*model_) : 0; bad > 0) {
            return diverged(s, "weights hold NaN or Inf at step " + std::to_string(s) + " (in " +
                                   std::to_string(bad) + " of " +
                                   std::to_string(model_->parameters().size()) + " tensors)");
        }
        if (at_mark) {
            checkpoint(s);
            ++next_mark_;
            t_window_ = Clock::now();
            tokens_window_ = 0;
        }
        if (s == total_steps_) {
            break;
        }
        if (cancel) {
            saveCheckpoint(rd_.resumeCheckpoint(), *model_, &*optim_, {s, s * tps_});
            log_->info("cancelled at step {}; resume point written", s);
            return stopAt(s, RunState::Cancelled,
                          "cancelled at step " + std::to_string(s) +
                              "; resume continues from here");
        }
        const double lv = trainStep(s, threads);
        if (!std::isfinite(lv)) {
            return diverged(s, "loss became " + std::string(std::isnan(lv) ? "NaN" : "Inf") +
                                   " at step " + std::to_string(s));
        }
        recordStep(s, lv, threads);
    }
    removeSealed(rd_.resumeCheckpoint());
    if (const auto gaps = findMarkGaps(rd_, status_.token_budget, mark_in_.eval.defined(), marks_);
        !gaps.empty()) {
        return finish(RunState::Failed, "the run reached its budget with incomplete marks (" +
                                            gaps.describe() +
                                            "); give the same command again to complete them");
    }
    result_.thread_changes = threads.changes();
    result_.final_threads = threads.threads();
    result_.steps_done = total_steps_;
    result_.tokens_done = total_steps_ * tps_;
    status_.tokens_done = result_.tokens_done;
    if (start_step >= total_steps_) { // resumed a finished run: nothing was evaluated now
        return finish(RunState::Done,
                      "already complete at " + std::to_string(result_.tokens_done) + " tokens");
    }
    return finish(RunState::Done, "finished " + std::to_string(result_.tokens_done) +
                                      " tokens, final val loss " +
                                      std::to_string(result_.final_val_loss));
}

TrainResult TrainSession::finish(RunState state, const std::string& message) {
    result_.state = state;
    result_.message = message;
    status_.state = state;
    status_.last_error = (state == RunState::Done) ? "" : message;
    const bool keep_done = was_done_ && state != RunState::Done;
    if (keep_done) {
        result_.message += " (the finished run's files are unchanged)";
    }
    try {
        if (!foreign_ && !keep_done) {
            rd_.writeStatus(status_);
            if (first_step_ >= 0) {
                rd_.appendMetric(EndRecord{
                    toString(state), std::max<int64_t>(0, result_.steps_done - first_step_),
                    std::chrono::duration<double>(Clock::now() - t_start_).count()});
            }
        }
    } catch (const std::exception& e) {
        if (log_) {
            log_->error("could not write status.json: {}", e.what());
        }
    }
    if (log_) {
        if (state == RunState::Done) {
            log_->info("{}", message);
        } else if (state == RunState::Cancelled) {
            log_->warn("{}", message); // asked for, and resumable: not an error
        } else {
            log_->error("{}", message);
        }
    }
    if (opt_.observer) {
        opt_.observer->onFinish(state, result_.message);
    }
    return result_;
}

} // namespace rs
