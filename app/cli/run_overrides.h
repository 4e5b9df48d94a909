#pragma once

#include "app/cli/args.h"
#include "core/config/run_config.h"
#include "core/store/run_dir.h"

#include <string>
#include <vector>

namespace rs::cli {

// The options `train` and `matrix` share: threads, precision, device, budget and the
// departures from the reference.
extern const char* kOverrideHelp;
std::vector<std::string> withOverrides(std::vector<std::string> keys);
void applyOverrides(RunConfig& cfg, const Args& args);

// Done: 0, cancelled (resumable): 130, anything else: 1.
int exitCode(RunState s);

} // namespace rs::cli
