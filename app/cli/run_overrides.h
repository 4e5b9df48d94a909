#pragma once

#include "app/cli/args.h"
#include "app/cli/command_spec.h"
#include "core/config/run_config.h"
#include "core/store/run_dir.h"

#include <string>
#include <vector>

namespace rs::cli {

// The options `train`, `matrix` and `slurm submit` share: threads, precision, device, budget and
// the departures from the reference ("Run options" in --help).
std::vector<OptionSpec> runOverrideOptions();
void applyOverrides(RunConfig& cfg, const Args& args);

// Done: 0, cancelled (resumable): 128 + the signal, anything else: 1.
int exitCode(RunState s);

} // namespace rs::cli
