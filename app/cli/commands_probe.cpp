#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/config/run_config.h"
#include "core/model/transformer.h"
#include "core/spectral/probe.h"
#include "core/store/run_dir.h"
#include "core/train/checkpoint_io.h"
#include "core/train/marks.h"
#include "core/train/run_data.h"
#include "core/train/runtime.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cstdio>

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

int cmdProbe(const Args& args) {
    RunDir rd(args.required("run"));
    RunConfig cfg = rd.readRunRecord().config;
    cfg.train.threads = int(args.getInt("threads", 0));
    configureRuntime(cfg.train);
    const auto chosen = rd.selectCheckpoints(args.get("checkpoint", "all"));
    auto eval = evaluationBatch(cfg);
    if (!eval.defined()) {
        throw UserError("this run trained on plain token files and has no evaluation batch; "
                        "train from prepared data (data.source \"prepared\")");
    }
    const auto own_eval = ownEvaluationBatch(cfg);
    Transformer model(cfg.model);
    for (int64_t t : chosen) {
        loadCheckpoint(rd.checkpointPath(t), *model, nullptr);
        ProbeResult res;
        const auto summary = probeBatches(*model, eval, own_eval, t, res);
        writeProbe(rd, summary, res.arrays());
        std::printf("checkpoint %lld: mean PR K(normed) %.2f, Q(normed) %.2f of %lld dims, "
                    "%.0f ms%s\n",
                    (long long)t, res.meanPR(QK::K, Tap::Normed), res.meanPR(QK::Q, Tap::Normed),
                    (long long)cfg.model.headDim(), res.seconds * 1000,
                    res.valid ? "" : " (non-finite: marked invalid)");
    }
    return 0;
}

} // namespace

CommandSpec probeCommand() {
    CommandSpec c;
    c.name = "probe";
    c.summary = "re-measure stored checkpoints (spectra of Q/K at every layer, head and tap)";
    c.options = {requiredOption("run", "DIR", "the run folder"),
                 valueOption("checkpoint", "TOKENS|last|all", "which checkpoints (default: all)"),
                 valueOption("threads", "N", "CPU threads (default: all cores)")};
    c.details = "Re-measures stored checkpoints on the run's evaluation batch and rewrites\n"
                "DIR/probes/ckpt-<tokens>/ (checkpoints themselves are never modified). Runs of\n"
                "a data variant other than standard are also measured on their variant's own\n"
                "held-out batch.";
    c.run = cmdProbe;
    return c;
}

} // namespace rs::cli
