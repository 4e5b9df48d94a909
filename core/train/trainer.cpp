#include "core/train/trainer.h"
#include "core/model/transformer.h"
#include "core/optim/optimizer_set.h"
#include "core/store/locks.h"
#include "core/store/sealed_file.h"
#include "core/train/batcher.h"
#include "core/train/checkpoint_io.h"
#include "core/train/marks.h"
#include "core/train/memory_estimate.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/log.h"
#include "core/util/system_info.h"
#include "core/util/utc_time.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

namespace rs {

namespace {

using Clock = std::chrono::steady_clock;

// How many of the model's tensors hold NaN or Inf.
int nonFiniteTensors(TransformerImpl& model) {
    torch::NoGradGuard ng;
    int bad = 0;
    for (const auto& p : model.parameters()) {
        bad += torch::isfinite(p).all().item<bool>() ? 0 : 1;
    }
    return bad;
}

// train.threads = 0 on the CPU: the thread count follows the machine between steps (see
// ThreadGovernor); each change goes to the run log and to metrics.jsonl.
class AdaptiveThreads {
  public:
    AdaptiveThreads(const CoreSeat& seat, const Runtime& rt, RunDir& rd, spdlog::logger& log)
        : seat_(seat), rd_(rd), log_(log), threads_(rt.threads) {
        if (rt.adaptive_threads) { // the first step applies any change of the share since
            governor_.emplace(rt.threads, rt.threads);
        }
    }
    int threads() const { return threads_; }
    int changes() const { return changes_; }
    void afterStep(int64_t step, int64_t tokens, double seconds) {
        if (!governor_) {
            return;
        }
        auto change = governor_->setAllowance(seat_.allowance());
        if (!change) {
            change = governor_->record(seconds);
        }
        if (change) {
            torch::set_num_threads(change->to); // this thread's OpenMP team from the next step
            threads_ = change->to;
            ++changes_;
            log_.info("threads {} -> {} at step {}: {}", change->from, change->to, step,
                      change->reason);
            rd_.appendMetric(ThreadsRecord{step, tokens, change->from, change->to, change->reason});
        }
    }

  private:
    const CoreSeat& seat_;
    RunDir& rd_;
    spdlog::logger& log_;
    int threads_;
    int changes_ = 0;
    std::optional<ThreadGovernor> governor_;
};

// One call of Trainer::run: opens the data and the model, finds the resume point, trains to
// the budget with a checkpoint, validation loss and probe at every mark, and records how it
// ended. Each stage is a method; the members are what the stages share.
class TrainSession {
  public:
    TrainSession(const RunConfig& cfg, const std::filesystem::path& dir, const TrainOptions& opt)
        : cfg_(cfg), dir_(dir), opt_(opt), rd_(dir), seat_(opt.cores, int(availableCores())),
          tps_(cfg.train.tokensPerStep()), total_steps_(cfg.train.totalSteps()) {
        status_.token_budget = total_steps_ * tps_;
    }

    TrainResult run() {
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

  private:
    void setUp() {
        cfg_.validate();
        checkFitsInMemory(cfg_, physicalMemoryBytes());
        checkThreads(cfg_.train.threads, availableCores());
        rd_.create();
        lockRun();
        setAsideOtherRun();
        try {
            const auto status = rd_.readStatus();
            was_done_ = status && status->state == RunState::Done;
        } catch (const std::exception&) {
        }
        log_ = makeRunLogger(cfg_.runName(), rd_.logFile(), opt_.console_log);
        if (const int stale = removeStaleTempFiles(rd_.root()); stale > 0) {
            log_->info("removed {} temporary files of an earlier, interrupted session", stale);
        }
        if (!result_.set_aside.empty()) {
            log_->warn("the folder held another run: its files were moved to {}",
                       result_.set_aside.string());
        }
        rt_ = configureRuntime(cfg_.train, seat_.allowance());
        result_.runtime = rt_;
        log_->info("run {} ({} preset), device {}, {} threads{}, {}", cfg_.runName(), cfg_.preset,
                   key(rt_.device), rt_.threads, rt_.adaptive_threads ? " (adaptive)" : "",
                   rt_.precision_reason);
        log_->info("BLAS: {}", rt_.blas);
        if (rt_.blas_reference) {
            log_->warn("the reference BLAS is loaded: training will be ~10x slower; install "
                       "libopenblas0-openmp (packaging/install-deps.sh)");
        }
        if (!cfg_.train.lr_note.empty()) {
            log_->info("learning rate note: {}", cfg_.train.lr_note);
        }
    }

    // One process trains a run at a time (two matrix commands, a requeued cluster task beside a
    // late one): the second leaves every file to the first.
    void lockRun() {
        run_lock_ = tryLockRun(rd_, "training " + cfg_.runName());
        if (!run_lock_) {
            foreign_ = true;
            throw UserError("run '" + dir_.string() + "' is being trained by " + runHolder(rd_) +
                            "; this process leaves it alone (give the command again after that "
                            "one stops, to resume)");
        }
    }

    // --force: another run's files (or unreadable ones) go to a sibling folder, not away.
    void setAsideOtherRun() {
        if (!opt_.replace_other || !std::filesystem::exists(rd_.runJson())) {
            return;
        }
        try {
            if (rd_.readRunJson().value("config", Json()) == cfg_.toJson()) {
                return;
            }
        } catch (const UserError&) {
        }
        result_.set_aside = moveRunAside(rd_);
        rd_.create();
    }

    void openDataAndModel() {
        const auto& tc = cfg_.train;
        data_ = openData(cfg_);
        batcher_.emplace(*data_.train, tc.seq_len, tc.batch_size, cfg_.seed);
        if (total_steps_ > batcher_->stepsPerEpoch()) {
            throw UserError("token budget " + std::to_string(total_steps_ * tps_) +
                            " exceeds the training data: " + data_.train->describe() + " holds " +
                            std::to_string(data_.train->size()) + " tokens (" +
                            std::to_string(batcher_->stepsPerEpoch() * tps_) +
                            " usable in whole batches); lower train.token_budget or add data");
        }
        const auto val_starts = spreadWindows(*data_.val, tc.seq_len, tc.val_tokens, kValWindowSeed,
                                              mark_in_.val_in, mark_in_.val_tgt);
        recordWindowSources(cfg_, val_starts, data_.describe);
        torch::manual_seed(cfg_.seed);
        device_ = torch::Device(rt_.device == Device::Cuda ? torch::kCUDA : torch::kCPU);
        model_ = Transformer(cfg_.model);
        model_->initWeights(cfg_.seed); // a generator of its own: runs at once draw in parallel
        model_->to(device_);
        optim_.emplace(*model_, tc, rt_.bf16_autocast);
        marks_ = tc.checkpointMarks();
        mark_in_.eval = opt_.probe ? data_.eval : at::Tensor();
        mark_in_.runtime = rt_;
        mark_in_.device = device_;
    }

    // run.json of an earlier session of this directory, read once (null when there is none);
    // as it stands, since a foreign run's config need not parse.
    Json readPreviousRun() {
        if (!std::filesystem::exists(rd_.runJson())) {
            return Json();
        }
        try {
            return rd_.readRunJson();
        } catch (const UserError& e) {
            foreign_ = true;
            throw UserError(std::string(e.what()) +
                            "; the folder's run cannot be identified, so nothing is overwritten "
                            "(choose another --out folder, or train --force moves its files "
                            "aside)");
        }
    }

    // The directory holds another run: report, never overwrite its files.
    void refuseForeignRun(const Json& prev) {
        foreign_ = true;
        std::string diff;
        const Json a = prev.value("config", Json()).flatten(), b = cfg_.toJson().flatten();
        for (const auto& [k, v] : b.items()) {
            if (!a.contains(k) || a[k] != v) {
                diff += (diff.empty() ? "" : ", ") + k;
            }
        }
        throw UserError("run directory '" + dir_.string() + "' holds a run with another config " +
                        "(differs in " + (diff.empty() ? std::string("fields removed") : diff) +
                        "); choose another --out folder, or train --force moves its files aside");
    }

    // The step to start from: the newest of resume.pt and the mark checkpoints, else 0.
    int64_t resumePoint(const Json& prev) {
        prev_ = prev;
        if (!prev.is_object()) {
            return 0;
        }
        if (prev.value("config", Json()) != cfg_.toJson()) {
            refuseForeignRun(prev);
        }
        if (!opt_.resume) { // the same run from step 0: what the folder holds is superseded
            removeSealed(rd_.resumeCheckpoint());
            rd_.appendMetric(ResumeRecord{0, 0});
            was_done_ = false;
            log_->info("starting over (no resume): the earlier records are superseded");
            return 0;
        }
        std::filesystem::path from;
        const auto ckpts = rd_.checkpoints();
        if (!ckpts.empty()) {
            from = rd_.checkpointPath(ckpts.back());
        }
        const auto resume = rd_.resumeCheckpoint();
        if (std::filesystem::exists(resume)) {
            const auto last_mark = ckpts.empty() ? -1 : ckpts.back();
            if (readCheckpointMeta(resume).tokens > last_mark) {
                from = resume;
            }
        }
        completeMarks(cfg_, rd_, mark_in_, status_.token_budget, *log_);
        if (from.empty()) {
            return 0;
        }
        const int64_t step = loadCheckpoint(from, *model_, &*optim_).step;
        resumed_ = true;
        log_->info("resumed from {} at step {}", from.string(), step);
        // Records after this step (from the interrupted attempt) are superseded.
        rd_.appendMetric(ResumeRecord{step, step * tps_});
        return step;
    }

    // run.json (the first session's start time survives resumes) and status "running".
    void startSession(int64_t start_step) {
        std::string started = utcNowIso();
        if (prev_.is_object() && prev_.contains("started") && prev_["started"].is_string()) {
            started = prev_["started"].get<std::string>();
        }
        RunRecord record;
        record.config = cfg_;
        record.name = cfg_.runName();
        record.cell = cfg_.cell;
        record.seed = cfg_.seed;
        record.preset = cfg_.preset;
        record.parameters = model_->parameterCount();
        record.checkpoint_marks = marks_;
        record.runtime = rt_.toJson();
        record.data = data_.describe;
        record.rankscope_version = RANKSCOPE_VERSION;
        record.libtorch_version = torchVersion();
        record.compiler = compilerVersion();
        record.started = started;
        record.lr_note = cfg_.train.lr_note;
        rd_.writeRunRecord(record);
        status_.state = RunState::Running;
        status_.tokens_done = start_step * tps_;
        if (!was_done_) { // a finished run given again stays "done" throughout
            rd_.writeStatus(status_);
        }
        log_->info("{} parameters, {} steps of {} tokens, marks at {} tokens",
                   model_->parameterCount(), total_steps_, tps_, Json(marks_).dump());
        next_mark_ = 0;
        while (next_mark_ < marks_.size() && marks_[next_mark_] < start_step * tps_) {
            ++next_mark_;
        }
        if (resumed_ && next_mark_ < marks_.size() && marks_[next_mark_] == start_step * tps_) {
            ++next_mark_; // a saved state at a mark's step comes after that mark (step 0 too)
        }
    }

    // A mark: checkpoint, validation loss, probe, status.
    void checkpoint(int64_t step) {
        CheckpointEvent ev;
        ev.step = step;
        ev.tokens = step * tps_;
        ev.val_loss = evalLoss(*model_, mark_in_);
        ev.train_loss =
            steps_since_mark_ > 0 ? loss_since_mark_ / double(steps_since_mark_) : std::nan("");
        const auto path = rd_.checkpointPath(ev.tokens);
        saveCheckpoint(path, *model_, &*optim_, {step, ev.tokens});
        ev.path = path.string();
        rd_.appendMetric(CheckpointRecord{
            step, ev.tokens, ev.val_loss,
            steps_since_mark_ > 0 ? std::optional<double>(ev.train_loss) : std::nullopt});
        if (mark_in_.eval.defined()) {
            const auto probe = probeAndRecord(*model_, mark_in_.eval, ev.tokens, rd_);
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

    // One optimizer step; returns its loss (non-finite: the step was not applied).
    double trainStep(int64_t step, AdaptiveThreads& threads) {
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

    // Throughput over a sliding window that restarts after each mark (evaluation is not
    // training), the train record every log_every steps, and the observer.
    void recordStep(int64_t step, double lv, const AdaptiveThreads& threads) {
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
            p.eta_s =
                tokens_per_s_ > 0 ? double((total_steps_ - done) * tps_) / tokens_per_s_ : 0.0;
            opt_.observer->onProgress(p);
        }
    }

    TrainResult stopAt(int64_t step, RunState state, const std::string& message) {
        result_.steps_done = step;
        result_.tokens_done = step * tps_;
        status_.tokens_done = step * tps_;
        return finish(state, message);
    }

    // No checkpoint is written from non-finite weights, so the last one before `step` is good.
    TrainResult diverged(int64_t step, const std::string& what) {
        rd_.appendMetric(DivergedRecord{step, step * tps_});
        std::string last = "no checkpoint was written before it";
        for (auto tokens : rd_.checkpoints()) {
            if (tokens <= step * tps_) {
                last = "the last good checkpoint is " +
                       rd_.checkpointPath(tokens).filename().string() + " (" +
                       std::to_string(tokens) + " tokens)";
            }
        }
        return stopAt(step, RunState::Diverged,
                      what + "; " + last + " (try a lower learning rate or QK-Norm)");
    }

    TrainResult train(int64_t start_step) {
        model_->train();
        AdaptiveThreads threads(seat_, rt_, rd_, *log_);
        t_window_ = Clock::now();
        for (int64_t s = start_step; s <= total_steps_; ++s) {
            const bool at_mark = next_mark_ < marks_.size() && marks_[next_mark_] == s * tps_;
            const bool stop_requested = opt_.stop_after_steps >= 0 && s >= opt_.stop_after_steps;
            const bool cancel = (opt_.cancel && opt_.cancel->load()) || stop_requested;
            if (const int bad = (at_mark || cancel) ? nonFiniteTensors(*model_) : 0; bad > 0) {
                return diverged(s, "weights hold NaN or Inf at step " + std::to_string(s) +
                                       " (in " + std::to_string(bad) + " of " +
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
        if (const auto gaps =
                findMarkGaps(rd_, status_.token_budget, mark_in_.eval.defined(), marks_);
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

    // status.json, the session's "end" record (a run's wall time is the sum over its
    // sessions), the log and the observer.
    TrainResult finish(RunState state, const std::string& message) {
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

    RunConfig cfg_;
    const std::filesystem::path& dir_;
    const TrainOptions& opt_;
    RunDir rd_;
    const CoreSeat seat_;
    const int64_t tps_, total_steps_;
    const Clock::time_point t_start_ = Clock::now();
    TrainResult result_;
    RunStatus status_;
    std::shared_ptr<spdlog::logger> log_;
    bool foreign_ = false;  // the folder belongs to another run or process: write nothing
    bool resumed_ = false;  // the model and optimizer came from a saved state
    bool was_done_ = false; // status.json said "done" when this session began: never downgraded
    std::optional<FileLock> run_lock_;
    int64_t first_step_ = -1; // set once the resume point is known
    Runtime rt_;
    RunData data_;
    std::optional<Batcher> batcher_;
    torch::Device device_{torch::kCPU};
    Transformer model_{nullptr};
    std::optional<OptimizerSet> optim_;
    std::vector<int64_t> marks_;
    Json prev_;
    MarkInputs mark_in_;
    size_t next_mark_ = 0;
    double loss_since_mark_ = 0.0;
    int64_t steps_since_mark_ = 0;
    Clock::time_point t_window_;
    int64_t tokens_window_ = 0;
    double tokens_per_s_ = 0.0;
};

} // namespace

Trainer::Trainer(RunConfig cfg, std::filesystem::path run_dir, TrainOptions options)
    : cfg_(std::move(cfg)), dir_(std::move(run_dir)), opt_(options) {}

TrainResult Trainer::run() {
    return TrainSession(cfg_, dir_, opt_).run();
}

} // namespace rs
