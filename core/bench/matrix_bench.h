#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rs {

struct MatrixBenchOptions {
    std::string preset = "quick";
    int runs = 4;       // runs per phase (seeds 0 .. runs-1 of cell A1, synthetic data)
    int64_t steps = 60; // training steps per run
    int parallel = 0;   // runs at once in (b) and (c); 0 = the default of `matrix`
};

struct MatrixBenchPhase {
    std::string label;
    int parallel = 1;
    bool busy = false; // one busy-looping process beside the runs
    double wall_s = 0.0;
    double tokens_per_s = 0.0; // training tokens of all runs / wall time
    int thread_changes = 0;    // adaptive thread changes recorded by the runs
    std::string final_threads; // each run's thread count at its end, e.g. "1 1 2 2"
};

struct MatrixBenchResult {
    int64_t tokens_per_run = 0;
    int cores = 0;
    std::vector<MatrixBenchPhase> phases; // (a) one at a time, (b) parallel, (c) (b) + busy
};

// Trains the same small matrix three times in scratch folders (removed afterwards): (a) one run
// at a time with all cores, (b) `parallel` at once, (c) as (b) with a process busy-looping on one
// core beside it. Runs without probes; a validation pass only at the start and end.
MatrixBenchResult benchMatrix(const MatrixBenchOptions& options,
                              const std::function<void(const MatrixBenchPhase&)>& onPhase = {});

} // namespace rs
