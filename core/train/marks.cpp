#include "core/train/marks.h"
#include "core/model/transformer.h"
#include "core/train/checkpoint_io.h"
#include "core/train/runtime.h"

#include <spdlog/logger.h>
#include <torch/torch.h>

#include <algorithm>
#include <set>

namespace rs {

namespace fs = std::filesystem;

double evalLoss(TransformerImpl& model, const MarkInputs& in) {
    torch::NoGradGuard ng;
    model.eval();
    AutocastScope ac(in.runtime);
    double sum = 0.0;
    const int64_t n = in.val_in.size(0);
    const int64_t chunk = 8;
    for (int64_t i = 0; i < n; i += chunk) {
        auto x = in.val_in.slice(0, i, std::min(n, i + chunk)).to(in.device);
        auto y = in.val_tgt.slice(0, i, std::min(n, i + chunk)).to(in.device);
        sum += model.loss(x, y).item<double>() * double(x.size(0));
    }
    model.train();
    return sum / double(n);
}

ProbeSummary probeBatches(TransformerImpl& model, const at::Tensor& eval,
                          const at::Tensor& own_eval, int64_t tokens, ProbeResult& probe) {
    probe = probeModel(model, eval);
    probe.checkpoint_tokens = tokens;
    auto summary = probe.summary();
    if (own_eval.defined()) {
        const auto own = probeModel(model, own_eval).summary();
        summary.own_eval_tokens = own.eval_tokens;
        summary.own_reps = own.reps;
        summary.seconds += own.seconds;
        probe.seconds += own.seconds;
    }
    return summary;
}

ProbeResult probeAndRecord(TransformerImpl& model, const MarkInputs& in, int64_t tokens,
                           RunDir& rd) {
    ProbeResult probe;
    const auto summary = probeBatches(model, in.eval, in.own_eval, tokens, probe);
    writeProbe(rd, summary, probe.arrays());
    rd.appendMetric(ProbeRecord{tokens, probe.valid, summary.meanPRJson(), probe.seconds});
    return probe;
}

namespace {

// Marks with a validation-loss record that no later resume record superseded.
std::set<int64_t> recordedValLoss(const RunDir& rd) {
    std::set<int64_t> marks;
    for (const auto& rec : rd.readMetrics()) {
        if (const auto* c = std::get_if<CheckpointRecord>(&rec)) {
            marks.insert(c->tokens);
        } else if (const auto* r = std::get_if<ResumeRecord>(&rec)) {
            marks.erase(marks.upper_bound(r->tokens), marks.end());
        }
    }
    return marks;
}

std::string list(const std::vector<int64_t>& v) {
    std::string s;
    for (auto t : v) {
        s += (s.empty() ? "" : ", ") + std::to_string(t);
    }
    return s;
}

} // namespace

std::string MarkGaps::describe() const {
    std::string s;
    if (!no_checkpoint.empty()) {
        s += "no checkpoint at " + list(no_checkpoint) + " tokens";
    }
    if (!no_val_loss.empty()) {
        s += (s.empty() ? "" : "; ") + std::string("no validation loss at ") + list(no_val_loss) +
             " tokens";
    }
    if (!no_probe.empty()) {
        s += (s.empty() ? "" : "; ") + std::string("no probe at ") + list(no_probe) + " tokens";
    }
    return s;
}

MarkGaps findMarkGaps(const RunDir& rd, int64_t upto, bool probe,
                      const std::vector<int64_t>& expected) {
    MarkGaps gaps;
    for (auto tokens : expected) {
        if (tokens <= upto && !fs::exists(rd.checkpointPath(tokens))) {
            gaps.no_checkpoint.push_back(tokens);
        }
    }
    const auto val = recordedValLoss(rd);
    for (auto tokens : rd.checkpoints()) {
        if (tokens > upto) {
            continue;
        }
        if (!val.count(tokens)) {
            gaps.no_val_loss.push_back(tokens);
        }
        if (probe && !fs::exists(rd.probeSummary(tokens))) {
            gaps.no_probe.push_back(tokens);
        }
    }
    return gaps;
}

void completeMarks(const RunConfig& cfg, RunDir& rd, const MarkInputs& in, int64_t upto,
                   spdlog::logger& log) {
    const auto gaps = findMarkGaps(rd, upto, in.eval.defined());
    std::set<int64_t> marks(gaps.no_val_loss.begin(), gaps.no_val_loss.end());
    marks.insert(gaps.no_probe.begin(), gaps.no_probe.end());
    for (auto tokens : marks) {
        Transformer m(cfg.model);
        const auto meta = loadCheckpoint(rd.checkpointPath(tokens), *m, nullptr);
        m->to(in.device);
        // The validation loss as the training session computes it (the probe is plain either way).
        m->setFusedOps(fusedOpsOn(cfg.train, in.device.is_cpu()));
        if (std::count(gaps.no_val_loss.begin(), gaps.no_val_loss.end(), tokens)) {
            rd.appendMetric(CheckpointRecord{meta.step, tokens, evalLoss(*m, in), std::nullopt});
        }
        if (std::count(gaps.no_probe.begin(), gaps.no_probe.end(), tokens)) {
            probeAndRecord(*m, in, tokens, rd);
        }
        log.warn("mark {} had its checkpoint but not all its records (the run was interrupted "
                 "there): completed it from the checkpoint",
                 tokens);
    }
}

} // namespace rs
