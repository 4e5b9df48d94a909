#pragma once

#include <cstdint>
#include <filesystem>

namespace rs {

class TransformerImpl;
class OptimizerSet;

struct CheckpointMeta {
    int64_t step = 0;
    int64_t tokens = 0;
    bool has_optimizer = true; // false: a mark's weights only (train.keep_optimizer_state off)
};

// Model + optimizer state (optim null: the weights only, all a probe or surgery reads) + RNG
// state + data position (the step: batches are a function of it). Written to a temporary file and
// renamed, so a kill never leaves a torn checkpoint.
void saveCheckpoint(const std::filesystem::path& path, TransformerImpl& model,
                    const OptimizerSet* optim, const CheckpointMeta& meta);
// Bytes a checkpoint's model (and, with optim, optimizer) part takes, without writing it.
int64_t checkpointBytes(TransformerImpl& model, const OptimizerSet* optim);
// Throws UserError naming the file when it is missing, corrupt or from another model shape.
// Only the step and token count, without building or touching a model.
CheckpointMeta readCheckpointMeta(const std::filesystem::path& path);
CheckpointMeta loadCheckpoint(const std::filesystem::path& path, TransformerImpl& model,
                              OptimizerSet* optim);

} // namespace rs
