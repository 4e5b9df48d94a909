#include "train/trainer.h"
#include "data/experiment_data.h"
#include "data/synthetic_corpus.h"
#include "model/transformer.h"
#include "optim/optimizer_set.h"
#include "spectral/probe.h"
#include "train/batcher.h"
#include "train/checkpoint_io.h"
#include "util/error.h"
#include "util/log.h"
#include "util/system_info.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <ctime>

namespace rs {

namespace {

using Clock = std::chrono::steady_clock;

// Fixed stream seeds: every run of an experiment sees the same text; the run seed changes
// only the initialisation and the batch order.
constexpr uint64_t kTrainStream = 1, kValStream = 2;

constexpr uint64_t kEvalStream = 4;

struct RunData {
    std::unique_ptr<TokenSource> train, val;
    at::Tensor eval; // the fixed evaluation batch [sequences, length]; undefined = no probes
    Json describe;
};

// Flat evaluation tokens as rows of `length`, shortened to fit the model's context.
at::Tensor evalRows(const uint16_t* ids, int64_t n, int64_t length, int64_t max_seq_len) {
    const int64_t l = std::min(length, max_seq_len);
    const int64_t rows = n / l;
    auto t = torch::empty({rows, l}, torch::kInt64);
    for (int64_t i = 0; i < rows * l; ++i) {
        t.data_ptr<int64_t>()[i] = ids[i];
    }
    return t;
}

RunData openData(const RunConfig& cfg) {
    RunData d;
    const auto& dc = cfg.data;
    if (dc.source == "synthetic") {
        SyntheticSpec spec{dc.variant, cfg.model.vocab_size, dc.language_seed};
        const int64_t need = cfg.train.totalSteps() * cfg.train.tokensPerStep() + 1;
        d.train = std::make_unique<MemoryTokenSource>(generateSynthetic(spec, need, kTrainStream),
                                                      "synthetic-" + dc.variant + "/train");
        d.val = std::make_unique<MemoryTokenSource>(
            generateSynthetic(spec, cfg.train.val_tokens + 1, kValStream),
            "synthetic-" + dc.variant + "/val");
        d.eval = evaluationBatch(cfg);
        d.describe = {{"source", "synthetic"},
                      {"variant", dc.variant},
                      {"language_seed", dc.language_seed},
                      {"train_fnv1a64", fnv1a64(d.train->data(), size_t(d.train->size()) * 2)}};
        return d;
    }
    const bool prepared = dc.source == "prepared";
    Json manifest;
    if (prepared) {
        manifest = readDataManifest(dc.dir);
    }
    const std::filesystem::path train_path =
        prepared ? std::filesystem::path(dc.dir) / dc.variant / "train.tok"
                 : std::filesystem::path(dc.train_path);
    const std::filesystem::path val_path =
        prepared ? std::filesystem::path(dc.dir) / dc.variant / "val.tok"
                 : std::filesystem::path(dc.val_path);
    auto train = std::make_unique<TokenFile>(train_path);
    auto val = std::make_unique<TokenFile>(val_path);
    if (train->vocabSize() > cfg.model.vocab_size) {
        throw ConfigError("model.vocab_size",
                          "is " + std::to_string(cfg.model.vocab_size) + " but '" +
                              train_path.string() + "' was tokenized with " +
                              std::to_string(train->vocabSize()) + " ids; raise vocab_size");
    }
    d.describe = {{"source", dc.source},
                  {"variant", dc.variant},
                  {"train_path", train_path.string()},
                  {"train_tokens", train->size()},
                  {"train_fnv1a64", train->checksum()},
                  {"val_path", val_path.string()},
                  {"val_fnv1a64", val->checksum()}};
    if (prepared) {
        d.eval = evaluationBatch(cfg);
        d.describe["manifest_sources"] = manifest["sources"];
        d.describe["tokenizer_sha256"] = manifest["tokenizer"]["sha256"];
        d.describe["eval_batch_sha256"] = manifest["eval_batch"]["sha256"];
    }
    d.train = std::move(train);
    d.val = std::move(val);
    return d;
}

std::string nowIso() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

double evalLoss(Transformer& model, const at::Tensor& input, const at::Tensor& target,
                const Runtime& rt, torch::Device device) {
    torch::NoGradGuard ng;
    model->eval();
    AutocastScope ac(rt);
    double sum = 0.0;
    const int64_t n = input.size(0);
    const int64_t chunk = 8;
    for (int64_t i = 0; i < n; i += chunk) {
        auto x = input.slice(0, i, std::min(n, i + chunk)).to(device);
        auto y = target.slice(0, i, std::min(n, i + chunk)).to(device);
        sum += model->loss(x, y).item<double>() * double(x.size(0));
    }
    model->train();
    return sum / double(n);
}

} // namespace

at::Tensor evaluationBatch(const RunConfig& cfg) {
    const auto& dc = cfg.data;
    if (dc.source == "synthetic") {
        SyntheticSpec spec{dc.variant, cfg.model.vocab_size, dc.language_seed};
        auto eval = generateSynthetic(spec, 1000, kEvalStream);
        return evalRows(eval.data(), int64_t(eval.size()), 125, cfg.model.max_seq_len);
    }
    if (dc.source == "prepared") {
        auto manifest = readDataManifest(dc.dir);
        TokenFile eval(std::filesystem::path(dc.dir) / "eval_batch.tok");
        return evalRows(eval.data(), eval.size(),
                        manifest["eval_batch"]["sequence_length"].get<int64_t>(),
                        cfg.model.max_seq_len);
    }
    return {};
}

namespace {

// Which sources the validation windows, and the surgery's default test windows, cover: the
// manifest knows where each source lies in every split.
void recordWindowSources(const RunConfig& cfg, const std::vector<int64_t>& val_starts,
                         Json& describe) {
    if (cfg.data.source != "prepared") {
        return;
    }
    const auto manifest = readDataManifest(cfg.data.dir);
    const auto& splits = manifest.value("splits", Json::object()).value(cfg.data.variant, Json());
    if (!splits.is_object() || !splits.value("val", Json()).contains("source_ranges")) {
        return; // prepared by an older version
    }
    describe["val_tokens_by_source"] =
        tokensBySource(splits["val"]["source_ranges"], val_starts, cfg.train.seq_len + 1);
    const auto test_starts =
        spreadWindowStarts(splits["test"]["tokens"].get<int64_t>(), cfg.train.seq_len,
                           kDefaultTestTokens, kTestWindowSeed);
    describe["test_tokens_by_source"] =
        tokensBySource(splits["test"]["source_ranges"], test_starts, cfg.train.seq_len + 1);
    describe["eval_tokens_by_source"] = manifest["eval_batch"].value("tokens_by_source", Json());
}

// Probes the model at a mark, writes the probe and its metrics record.
ProbeResult probeAndRecord(TransformerImpl& model, const at::Tensor& eval, int64_t tokens,
                           RunDir& rd) {
    auto probe = probeModel(model, eval);
    probe.checkpoint_tokens = tokens;
    writeProbe(rd.root(), probe);
    rd.appendMetric({{"kind", "probe"},
                     {"tokens", tokens},
                     {"valid", probe.valid},
                     {"mean_pr", probe.summaryJson()["mean_pr"]},
                     {"seconds", probe.seconds}});
    return probe;
}

// A run stopped after ckpt-N.pt was written but before its probe: probe every such mark (up to
// `upto` tokens) from its stored checkpoint, so no mark of a finished run lacks one.
void probeMissingMarks(const RunConfig& cfg, RunDir& rd, const at::Tensor& eval, int64_t upto,
                       spdlog::logger& log) {
    for (auto tokens : rd.checkpoints()) {
        if (tokens > upto ||
            std::filesystem::exists(probeDir(rd.root(), tokens) / "summary.json")) {
            continue;
        }
        Transformer m(cfg.model);
        loadCheckpoint(rd.checkpointPath(tokens), *m, nullptr);
        probeAndRecord(*m, eval, tokens, rd);
        log.warn("mark {} had a checkpoint but no probe (the run was interrupted there): probed "
                 "it now",
                 tokens);
    }
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
            rd_.appendMetric({{"kind", "threads"},
                              {"step", step},
                              {"tokens", tokens},
                              {"from", change->from},
                              {"to", change->to},
                              {"reason", change->reason}});
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

} // namespace

Trainer::Trainer(RunConfig cfg, std::filesystem::path run_dir, TrainOptions options)
    : cfg_(std::move(cfg)), dir_(std::move(run_dir)), opt_(options) {}

TrainResult Trainer::run() {
    TrainResult result;
    RunDir rd(dir_);
    std::shared_ptr<spdlog::logger> log;
    RunStatus status;
    status.token_budget = cfg_.train.totalSteps() * cfg_.train.tokensPerStep();
    bool foreign = false; // the directory holds another run: report, never overwrite
    const auto t_start = std::chrono::steady_clock::now();
    int64_t first_step = -1; // set once the resume point is known
    const CoreSeat seat(opt_.cores, int(availableCores()));
    auto finish = [&](RunState state, const std::string& message) {
        result.state = state;
        result.message = message;
        status.state = state;
        status.last_error = (state == RunState::Done) ? "" : message;
        try {
            if (!foreign) {
                rd.writeStatus(status);
                // Wall time of this session; a run's total is the sum over its sessions.
                if (first_step >= 0) {
                    rd.appendMetric(
                        {{"kind", "end"},
                         {"state", toString(state)},
                         {"steps", std::max<int64_t>(0, result.steps_done - first_step)},
                         {"wall_s",
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start)
                              .count()}});
                }
            }
        } catch (const std::exception& e) {
            if (log) {
                log->error("could not write status.json: {}", e.what());
            }
        }
        if (log) {
            if (state == RunState::Done) {
                log->info("{}", message);
            } else if (state == RunState::Cancelled) {
                log->warn("{}", message); // asked for, and resumable: not an error
            } else {
                log->error("{}", message);
            }
        }
        if (opt_.observer) {
            opt_.observer->onFinish(state, message);
        }
        return result;
    };

    try {
        cfg_.validate();
        rd.create();
        log = makeRunLogger(cfg_.runName(), rd.logFile(), opt_.console_log);
        const Runtime rt = configureRuntime(cfg_.train, seat.allowance());
        result.runtime = rt;
        log->info("run {} ({} preset), device {}, {} threads{}, {}", cfg_.runName(), cfg_.preset,
                  rt.device, rt.threads, rt.adaptive_threads ? " (adaptive)" : "",
                  rt.precision_reason);
        log->info("BLAS: {}", rt.blas);
        if (rt.blas_reference) {
            log->warn("the reference BLAS is loaded: training will be ~10x slower; install "
                      "libopenblas0-openmp (packaging/install-deps.sh)");
        }
        if (!cfg_.train.lr_note.empty()) {
            log->info("learning rate note: {}", cfg_.train.lr_note);
        }

        RunData data = openData(cfg_);
        const auto& tc = cfg_.train;
        const int64_t total_steps = tc.totalSteps();
        const int64_t tps = tc.tokensPerStep();
        Batcher batcher(*data.train, tc.seq_len, tc.batch_size, cfg_.seed);
        if (total_steps > batcher.stepsPerEpoch()) {
            throw UserError("token budget " + std::to_string(total_steps * tps) +
                            " exceeds the training data: " + data.train->describe() + " holds " +
                            std::to_string(data.train->size()) + " tokens (" +
                            std::to_string(batcher.stepsPerEpoch() * tps) +
                            " usable in whole batches); lower train.token_budget or add data");
        }
        at::Tensor val_in, val_tgt;
        const auto val_starts =
            spreadWindows(*data.val, tc.seq_len, tc.val_tokens, kValWindowSeed, val_in, val_tgt);
        recordWindowSources(cfg_, val_starts, data.describe);

        torch::manual_seed(cfg_.seed);
        const torch::Device device(rt.device == "cuda" ? torch::kCUDA : torch::kCPU);
        Transformer model(cfg_.model);
        model->initWeights(cfg_.seed); // a generator of its own: runs at once draw in parallel
        model->to(device);
        OptimizerSet optim(*model, tc, rt.bf16_autocast);
        const auto marks = tc.checkpointMarks();

        // Resume: the newest of resume.pt and the mark checkpoints.
        int64_t start_step = 0;
        Json prev; // run.json of an earlier session of this directory, read once
        if (std::filesystem::exists(rd.runJson())) {
            try {
                prev = rd.readRunJson();
            } catch (const UserError&) {
                if (opt_.resume) {
                    throw; // resuming needs it; a fresh start only borrows its start time
                }
            }
        }
        if (opt_.resume && prev.is_object()) {
            if (prev.value("config", Json()) != cfg_.toJson()) {
                foreign = true; // its status.json and files are not ours to touch
                std::string diff;
                const Json a = prev.value("config", Json()).flatten(), b = cfg_.toJson().flatten();
                for (const auto& [k, v] : b.items()) {
                    if (!a.contains(k) || a[k] != v) {
                        diff += (diff.empty() ? "" : ", ") + k;
                    }
                }
                throw UserError("run directory '" + dir_.string() +
                                "' holds a run with another config (differs in " +
                                (diff.empty() ? std::string("fields removed") : diff) +
                                "); choose a new --out folder");
            }
            std::filesystem::path from;
            auto ckpts = rd.checkpoints();
            if (!ckpts.empty()) {
                from = rd.checkpointPath(ckpts.back());
            }
            auto resume = rd.checkpointDir() / "resume.pt";
            if (std::filesystem::exists(resume)) {
                const auto last_mark = ckpts.empty() ? -1 : ckpts.back();
                if (readCheckpointMeta(resume).tokens > last_mark) {
                    from = resume;
                }
            }
            if (opt_.probe && data.eval.defined()) {
                probeMissingMarks(cfg_, rd, data.eval, status.token_budget, *log);
            }
            if (!from.empty()) {
                start_step = loadCheckpoint(from, *model, &optim).step;
                log->info("resumed from {} at step {}", from.string(), start_step);
                // Records after this step (from the interrupted attempt) are superseded.
                rd.appendMetric({{"kind", "resume"},
                                 {"step", start_step},
                                 {"tokens", start_step * tc.tokensPerStep()}});
            }
        }
        first_step = start_step;
        std::string started = nowIso(); // the first session's start survives resumes
        if (prev.is_object() && prev.contains("started") && prev["started"].is_string()) {
            started = prev["started"].get<std::string>();
        }
        Json runjson = {{"config", cfg_.toJson()},
                        {"name", cfg_.runName()},
                        {"cell", cfg_.cell},
                        {"seed", cfg_.seed},
                        {"preset", cfg_.preset},
                        {"parameters", model->parameterCount()},
                        {"runtime", rt.toJson()},
                        {"data", data.describe},
                        {"checkpoint_marks", marks},
                        {"versions",
                         {{"rankscope", RANKSCOPE_VERSION},
                          {"libtorch", torchVersion()},
                          {"compiler", compilerVersion()}}},
                        {"started", started},
                        {"lr_note", tc.lr_note}};
        rd.writeRunJson(runjson);
        status.state = RunState::Running;
        status.tokens_done = start_step * tps;
        rd.writeStatus(status);
        log->info("{} parameters, {} steps of {} tokens, marks at {} tokens",
                  model->parameterCount(), total_steps, tps, Json(marks).dump());

        size_t next_mark = 0;
        while (next_mark < marks.size() && marks[next_mark] < start_step * tps) {
            ++next_mark;
        }
        if (start_step > 0 && next_mark < marks.size() && marks[next_mark] == start_step * tps) {
            ++next_mark; // that mark's checkpoint is the one we resumed from
        }
        double probe_seconds = 0.0;
        double loss_since_mark = 0.0;
        int64_t steps_since_mark = 0;
        auto checkpoint = [&](int64_t step) {
            CheckpointEvent ev;
            ev.step = step;
            ev.tokens = step * tps;
            ev.val_loss = evalLoss(model, val_in, val_tgt, rt, device);
            ev.train_loss =
                steps_since_mark > 0 ? loss_since_mark / double(steps_since_mark) : std::nan("");
            auto path = rd.checkpointPath(ev.tokens);
            saveCheckpoint(path, *model, &optim, {step, ev.tokens});
            ev.path = path.string();
            Json rec = {{"kind", "checkpoint"},
                        {"step", step},
                        {"tokens", ev.tokens},
                        {"val_loss", ev.val_loss}};
            if (steps_since_mark > 0) {
                rec["train_loss"] = ev.train_loss;
            }
            rd.appendMetric(rec);
            if (opt_.probe && data.eval.defined()) {
                const auto probe = probeAndRecord(*model, data.eval, ev.tokens, rd);
                ev.mean_key_pr = probe.meanPR('k', "normed");
                probe_seconds += probe.seconds;
                if (!probe.valid) {
                    log->warn("probe at {} tokens: non-finite activations, metrics marked invalid",
                              ev.tokens);
                }
            }
            status.tokens_done = ev.tokens;
            rd.writeStatus(status);
            log->info("checkpoint at {} tokens: val loss {:.4f}", ev.tokens, ev.val_loss);
            result.final_val_loss = ev.val_loss;
            loss_since_mark = 0.0;
            steps_since_mark = 0;
            if (opt_.observer) {
                opt_.observer->onCheckpoint(ev);
            }
        };

        model->train();
        AdaptiveThreads threads(seat, rt, rd, *log);
        auto t_window = Clock::now();
        int64_t tokens_window = 0;
        double tokens_per_s = 0.0;
        for (int64_t step = start_step; step <= total_steps; ++step) {
            if (next_mark < marks.size() && marks[next_mark] == step * tps) {
                checkpoint(step);
                ++next_mark;
                t_window = Clock::now(); // evaluation time is not training throughput
                tokens_window = 0;
            }
            if (step == total_steps) {
                break;
            }
            const bool stop_requested = opt_.stop_after_steps >= 0 && step >= opt_.stop_after_steps;
            if ((opt_.cancel && opt_.cancel->load()) || stop_requested) {
                saveCheckpoint(rd.checkpointDir() / "resume.pt", *model, &optim,
                               {step, step * tps});
                status.tokens_done = step * tps;
                result.steps_done = step;
                result.tokens_done = step * tps;
                return finish(RunState::Cancelled, "cancelled at step " + std::to_string(step) +
                                                       "; resume continues from here");
            }
            const auto t_step = Clock::now();
            at::Tensor x, y;
            batcher.batch(step, x, y);
            x = x.to(device);
            y = y.to(device);
            optim.setLrMultiplier(lrMultiplier(tc, step, total_steps));
            at::Tensor loss;
            {
                AutocastScope ac(rt);
                loss = model->loss(x, y);
            }
            double lv = loss.item<double>();
            if (step == opt_.fault_nan_at_step) {
                lv = std::nan("");
            }
            if (!std::isfinite(lv)) {
                rd.appendMetric({{"kind", "diverged"}, {"step", step}, {"tokens", step * tps}});
                result.steps_done = step;
                result.tokens_done = step * tps;
                return finish(RunState::Diverged,
                              "loss became " + std::string(std::isnan(lv) ? "NaN" : "Inf") +
                                  " at step " + std::to_string(step) +
                                  "; checkpoints up to the last mark are intact (try a lower "
                                  "learning rate)");
            }
            optim.zeroGrad();
            loss.backward();
            if (tc.grad_clip > 0) {
                torch::nn::utils::clip_grad_norm_(model->parameters(), tc.grad_clip);
            }
            optim.step();
            threads.afterStep(step + 1, (step + 1) * tps,
                              std::chrono::duration<double>(Clock::now() - t_step).count());
            result.step_losses.push_back(lv);
            loss_since_mark += lv;
            ++steps_since_mark;
            tokens_window += tps;
            const double dt = std::chrono::duration<double>(Clock::now() - t_window).count();
            if (dt > 0) {
                tokens_per_s = double(tokens_window) / dt;
            }
            if (dt > 5.0) { // sliding window keeps the rate current
                t_window = Clock::now();
                tokens_window = 0;
            }
            if ((step + 1) % tc.log_every == 0) {
                rd.appendMetric({{"kind", "train"},
                                 {"step", step + 1},
                                 {"tokens", (step + 1) * tps},
                                 {"loss", lv},
                                 {"tokens_per_s", tokens_per_s},
                                 {"threads", threads.threads()}});
            }
            if (opt_.observer) {
                TrainProgress p;
                p.step = step + 1;
                p.total_steps = total_steps;
                p.tokens = (step + 1) * tps;
                p.token_budget = total_steps * tps;
                p.loss = lv;
                p.tokens_per_s = tokens_per_s;
                p.threads = threads.threads();
                p.eta_s =
                    tokens_per_s > 0 ? double((total_steps - step - 1) * tps) / tokens_per_s : 0.0;
                opt_.observer->onProgress(p);
            }
        }
        std::filesystem::remove(rd.checkpointDir() / "resume.pt");
        result.probe_seconds = probe_seconds;
        result.thread_changes = threads.changes();
        result.final_threads = threads.threads();
        result.steps_done = total_steps;
        result.tokens_done = total_steps * tps;
        status.tokens_done = result.tokens_done;
        if (start_step >= total_steps) { // resumed a finished run: nothing was evaluated now
            return finish(RunState::Done,
                          "already complete at " + std::to_string(result.tokens_done) + " tokens");
        }
        return finish(RunState::Done, "finished " + std::to_string(result.tokens_done) +
                                          " tokens, final val loss " +
                                          std::to_string(result.final_val_loss));
    } catch (const UserError& e) {
        return finish(RunState::Failed, e.what());
    } catch (const c10::Error& e) {
        return finish(RunState::Failed,
                      std::string("LibTorch error: ") + e.what_without_backtrace());
    } catch (const std::exception& e) {
        return finish(RunState::Failed, std::string("error: ") + e.what());
    }
}

} // namespace rs
