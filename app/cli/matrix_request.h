#pragma once

#include "app/cli/args.h"
#include "app/cli/command_spec.h"
#include "core/config/run_config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rs::cli {

// What `matrix` and `slurm submit` share: the preset with its overrides, the cells and the
// seeds, expanded into one config per run.
struct MatrixRequest {
    std::string preset;
    RunConfig base;
    bool synthetic = false;
    std::vector<MatrixCell> cells;
    int seeds = kDefaultSeeds;
    uint64_t first_seed = 0;
    std::vector<RunConfig> runs() const { return expandMatrix(base, cells, seeds, first_seed); }
};

// The options MatrixRequest reads: --preset, --cells, --seeds, --first-seed, --synthetic and
// the run options.
std::vector<OptionSpec> matrixRequestOptions();
MatrixRequest readMatrixRequest(const Args& args);

} // namespace rs::cli
