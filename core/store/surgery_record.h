#pragma once

#include "core/store/run_layout.h"
#include "core/surgery/strategy.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rs {

// One row of a sweep: surgery/ckpt-<tokens>-sweep.csv,
// run,checkpoint,strategy,fraction,draw,loss,ppl,acc.
struct SurgeryRow {
    Strategy strategy = Strategy::Svd;
    double fraction = 0.0;
    int draw = 0; // random: 0..draws-1
    double loss = 0.0, ppl = 0.0, acc = 0.0;
};

struct SurgerySweep {
    int64_t checkpoint = 0;
    std::vector<SurgeryRow> rows;
};

// One row of a single-dimension ablation: surgery/ckpt-<tokens>-ablation.csv,
// run,checkpoint,layer,kv_head,dim,gamma,loss,delta_loss,tokens (gamma empty without QK-Norm).
struct AblationRow {
    int layer = 0, kv_head = 0, dim = 0;
    double gamma = 0.0; // NaN without QK-Norm
    double loss = 0.0;
    double delta = 0.0; // held-out loss increase when only this dimension is zeroed
    int64_t tokens = 0; // evaluated tokens
};

struct SurgeryAblation {
    int64_t checkpoint = 0;
    std::vector<AblationRow> rows;
};

// Writers and readers of the two CSVs. Columns are found by their header names; a torn or
// foreign row is skipped.
void writeSweepCsv(const std::filesystem::path& path, const std::string& run,
                   const SurgerySweep& sweep);
std::vector<SurgeryRow> readSweepCsv(const std::filesystem::path& path);
void writeAblationCsv(const std::filesystem::path& path, const std::string& run,
                      const SurgeryAblation& ablation);
std::vector<AblationRow> readAblationCsv(const std::filesystem::path& path);

// Every sweep and ablation of a run folder, ascending by checkpoint.
struct SurgeryFiles {
    std::vector<SurgerySweep> sweeps;
    std::vector<SurgeryAblation> ablations;
};
SurgeryFiles readSurgeryFiles(const RunLayout& run);

} // namespace rs
