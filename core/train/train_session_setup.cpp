#include "core/train/train_session.h"
#include "core/store/sealed_file.h"
#include "core/train/checkpoint_io.h"
#include "core/train/memory_estimate.h"
#include "core/train/runtime.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/log.h"
#include "core/util/system_info.h"
#include "core/util/utc_time.h"

#include <torch/torch.h>

namespace rs {

void TrainSession::setUp() {
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

void TrainSession::lockRun() {
    run_lock_ = tryLockRun(rd_, "training " + cfg_.runName());
    if (!run_lock_) {
        foreign_ = true;
        throw UserError("run '" + dir_.string() + "' is being trained by " + runHolder(rd_) +
                        "; this process leaves it alone (give the command again after that "
                        "one stops, to resume)");
    }
}

void TrainSession::setAsideOtherRun() {
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

void TrainSession::openDataAndModel() {
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
    model_->setFusedOps(fusedOpsOn(tc, device_.is_cpu()));
    if (rt_.bf16_weights) {
        model_->to(torch::kBFloat16); // before the optimizer: its state follows the weights
    }
    optim_.emplace(*model_, tc, rt_.bf16_autocast || rt_.bf16_weights);
    marks_ = tc.checkpointMarks();
    mark_in_.eval = opt_.probe ? data_.eval : at::Tensor();
    mark_in_.own_eval = opt_.probe ? data_.own_eval : at::Tensor();
    mark_in_.runtime = rt_;
    mark_in_.device = device_;
}

Json TrainSession::readPreviousRun() {
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

void TrainSession::refuseForeignRun(const Json& prev) {
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

// The newest saved state with the optimizer's: the resume point when it is at least as new as
// the last full mark (marks hold only weights unless train.keep_optimizer_state), else that mark
// (the final one, or checkpoints written before marks were slimmed); none: from step 0.
std::filesystem::path TrainSession::resumeSource() const {
    const auto ckpts = rd_.checkpoints();
    const auto resume = rd_.resumeCheckpoint();
    const int64_t resume_tokens =
        std::filesystem::exists(resume) ? readCheckpointMeta(resume).tokens : -1;
    for (auto it = ckpts.rbegin(); it != ckpts.rend() && *it > resume_tokens; ++it) {
        if (readCheckpointMeta(rd_.checkpointPath(*it)).has_optimizer) {
            return rd_.checkpointPath(*it);
        }
    }
    return resume_tokens >= 0 ? resume : std::filesystem::path();
}

int64_t TrainSession::resumePoint(const Json& prev) {
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
    const auto from = resumeSource();
    completeMarks(cfg_, rd_, mark_in_, status_.token_budget, *log_);
    if (from.empty()) {
        if (!rd_.checkpoints().empty()) { // marks with weights only: nothing to continue from
            rd_.appendMetric(ResumeRecord{0, 0});
            log_->warn("no saved optimizer state (the resume point is missing): training starts "
                       "over from step 0 and supersedes the earlier records");
        }
        return 0;
    }
    const int64_t step = loadCheckpoint(from, *model_, &*optim_).step;
    resumed_ = true;
    log_->info("resumed from {} at step {}", from.string(), step);
    // Records after this step (from the interrupted attempt) are superseded.
    rd_.appendMetric(ResumeRecord{step, step * tps_});
    return step;
}

void TrainSession::startSession(int64_t start_step) {
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
    log_->info("{} parameters, {} steps of {} tokens, marks at {} tokens", model_->parameterCount(),
               total_steps_, tps_, Json(marks_).dump());
    next_mark_ = 0;
    while (next_mark_ < marks_.size() && marks_[next_mark_] < start_step * tps_) {
        ++next_mark_;
    }
    if (resumed_ && next_mark_ < marks_.size() && marks_[next_mark_] == start_step * tps_) {
        ++next_mark_; // a saved state at a mark's step comes after that mark (step 0 too)
    }
}

} // namespace rs
