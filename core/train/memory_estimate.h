#pragma once

#include "core/config/run_config.h"

namespace rs {

// What training a config needs in memory, in bytes, estimated from the config alone so that an
// impossible size is refused before anything is allocated.
struct MemoryEstimate {
    double parameters = 0;  // count
    double model = 0;       // weights, gradients, optimizer state and update scratch (fp32)
    double activations = 0; // one step's forward and backward at batch_size x seq_len
    double data = 0;        // generated (synthetic) training tokens held in memory
    double total() const { return model + activations + data; }
};
MemoryEstimate estimateMemory(const RunConfig& cfg);

// UserError naming the largest part, its fields and the machine's memory when the estimate
// exceeds `available` bytes (0: unknown, nothing is checked).
void checkFitsInMemory(const RunConfig& cfg, double available);

} // namespace rs
