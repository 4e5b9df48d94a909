#pragma once

#include "core/config/run_config.h"
#include "core/spectral/probe.h"
#include "core/store/run_dir.h"
#include "core/train/runtime.h"

#include <ATen/Tensor.h>
#include <c10/core/Device.h>

#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace rs {

class TransformerImpl;

// What a mark's records are computed from: the validation windows, the probe batch (undefined:
// no probe) and where the model runs.
struct MarkInputs {
    at::Tensor val_in, val_tgt, eval;
    at::Tensor own_eval; // the variant's own held-out batch (undefined: none)
    Runtime runtime;
    c10::Device device{c10::kCPU};
};

double evalLoss(TransformerImpl& model, const MarkInputs& in);
// The probe of a checkpoint at `tokens` on the shared batch, and on the variant's own batch when
// `own_eval` is defined (its representation metrics join the summary); `probe` gets the shared
// batch's result (its arrays are what the run folder keeps).
ProbeSummary probeBatches(TransformerImpl& model, const at::Tensor& eval,
                          const at::Tensor& own_eval, int64_t tokens, ProbeResult& probe);
// Probes the model at a mark on the shared batch (and on the variant's own batch when there is
// one: its representation metrics go into the same summary), writes the probe and its record.
ProbeResult probeAndRecord(TransformerImpl& model, const MarkInputs& in, int64_t tokens,
                           RunDir& rd);

// A mark is complete when its checkpoint, its validation-loss record and (when probing) its
// probe all exist. These lists name the marks up to `upto` tokens whose checkpoint exists but
// whose other parts do not (a kill or a full disk between the writes), and the `expected` marks
// that have no checkpoint at all.
struct MarkGaps {
    std::vector<int64_t> no_checkpoint, no_val_loss, no_probe;
    bool empty() const { return no_checkpoint.empty() && no_val_loss.empty() && no_probe.empty(); }
    std::string describe() const;
};
MarkGaps findMarkGaps(const RunDir& rd, int64_t upto, bool probe,
                      const std::vector<int64_t>& expected = {});

// Computes what findMarkGaps lists from the stored checkpoints, logging each repair.
void completeMarks(const RunConfig& cfg, RunDir& rd, const MarkInputs& in, int64_t upto,
                   spdlog::logger& log);

} // namespace rs
