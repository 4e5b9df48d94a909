#include "app/cli/run_overrides.h"

#include "app/cli/commands.h"

namespace rs::cli {

namespace {

const std::vector<std::string> kOverrideKeys = {
    "threads", "precision", "device", "budget", "muon-grouping", "qk-gamma", "orthogonalization"};

} // namespace

const char* kOverrideHelp = R"(  --threads N        CPU threads (default: all cores)
  --precision P      auto | bf16 | fp32 (auto: bf16 autocast where the CPU supports it)
  --device D         auto | cpu | cuda
  --budget TOKENS    token budget (the checkpoint schedule scales with it)
  --muon-grouping G  fused_qkvo (the reference: a layer's Q, K, V, O orthogonalized as one
                     stacked matrix) | separate (each matrix on its own)
  --qk-gamma G       shared (the reference: one QK-Norm gain for all heads) | per_head
  --orthogonalization O  polar_express (the reference) | quintic
  --verbose          also print the run log to the terminal
)";

void applyOverrides(RunConfig& cfg, const Args& args) {
    cfg.train.threads = int(args.getInt("threads", cfg.train.threads));
    cfg.train.precision = args.get("precision", cfg.train.precision);
    cfg.train.device = args.get("device", cfg.train.device);
    cfg.train.token_budget = args.getInt("budget", cfg.train.token_budget);
    cfg.train.muon.grouping = args.get("muon-grouping", cfg.train.muon.grouping);
    cfg.model.qk_norm_gamma = args.get("qk-gamma", cfg.model.qk_norm_gamma);
    cfg.train.muon.coefficients = args.get("orthogonalization", cfg.train.muon.coefficients);
}

std::vector<std::string> withOverrides(std::vector<std::string> keys) {
    keys.insert(keys.end(), kOverrideKeys.begin(), kOverrideKeys.end());
    return keys;
}

int exitCode(RunState s) {
    return s == RunState::Done ? 0 : s == RunState::Cancelled ? cancelledExitCode() : 1;
}

} // namespace rs::cli
