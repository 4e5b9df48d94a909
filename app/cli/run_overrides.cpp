#include "app/cli/run_overrides.h"

#include "app/cli/commands.h"

namespace rs::cli {

std::vector<OptionSpec> runOverrideOptions() {
    return inGroup(
        {valueOption("threads", "N", "CPU threads (default: all cores)"),
         choiceOption("precision",
                      "auto: bf16 autocast where the CPU or GPU supports it, else fp32",
                      choiceKeys<Precision>()),
         choiceOption("device", "where to train", choiceKeys<Device>()),
         valueOption("budget", "TOKENS", "token budget (the checkpoint schedule scales with it)"),
         choiceOption("muon-grouping",
                      "fused_qkvo (the reference: a layer's Q, K, V, O orthogonalized as one "
                      "stacked matrix) or separate (each matrix on its own)",
                      choiceKeys<MuonGrouping>()),
         choiceOption("qk-gamma",
                      "shared (the reference: one QK-Norm gain for all heads) or per_head",
                      choiceKeys<GammaLayout>()),
         choiceOption("orthogonalization", "polar_express (the reference) or quintic",
                      choiceKeys<Orthogonalization>()),
         flagOption("verbose", "also print the run log to the terminal")},
        "Run options");
}

void applyOverrides(RunConfig& cfg, const Args& args) {
    cfg.train.threads = int(args.getInt("threads", cfg.train.threads));
    cfg.train.precision = args.choice("precision", cfg.train.precision);
    cfg.train.device = args.choice("device", cfg.train.device);
    cfg.train.token_budget = args.getInt("budget", cfg.train.token_budget);
    cfg.train.muon.grouping = args.choice("muon-grouping", cfg.train.muon.grouping);
    cfg.model.qk_norm_gamma = args.choice("qk-gamma", cfg.model.qk_norm_gamma);
    cfg.train.muon.coefficients = args.choice("orthogonalization", cfg.train.muon.coefficients);
}

int exitCode(RunState s) {
    return s == RunState::Done ? 0 : s == RunState::Cancelled ? cancelledExitCode() : 1;
}

} // namespace rs::cli
