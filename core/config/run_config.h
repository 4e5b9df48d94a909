#pragma once

#include "core/config/model_config.h"
#include "core/config/train_config.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rs {

struct DataConfig {
    DataSource source = DataSource::Synthetic;
    DataVariant variant = DataVariant::Standard; // the controls need source Prepared
    std::string dir;
    std::string train_path, val_path;
    uint64_t language_seed = 1234;
    // Share of the training split's tokens each run trains on, as a sample of whole documents
    // drawn by the run's seed (1: the whole split, every seed the same text). Below 1 the
    // seeds of a cell train on different samples of the same population.
    double sample_fraction = 1.0;

    Json toJson() const;
    static DataConfig fromJson(const Json& j);
};

// Everything that defines one training run.
struct RunConfig {
    std::string preset;
    std::string cell; // A1..C2, or empty for a single run
    uint64_t seed = 0;
    ModelConfig model;
    TrainConfig train;
    DataConfig data;

    std::string runName() const; // e.g. "A1-s0"
    void validate() const;
    Json toJson() const;
    static RunConfig fromJson(const Json& j);
    static RunConfig fromFile(const std::string& path);
};

// One cell of the factorial run matrix (resources/matrix/default.json): its name and words,
// and the configuration fields it sets, by path ("model.qk_norm": false, "train.adamw.lr":
// 0.003). Any field of a run configuration can be a factor; the rest come from the preset.
struct MatrixCell {
    std::string cell;
    std::string label; // the cell's data in a word or two for figure legends ("simple prose")
    std::string
        color; // "#0072B2": the cell's colour in every figure (empty: derived from the name)
    bool in_default = true;         // trained by default; false for labelled controls
    std::string description;        // plain words for the dialog and --help
    Json settings = Json::object(); // path -> value, applied over the base configuration

    // The cell's configuration over a default one: what it sets, with every field typed.
    RunConfig applied() const;
    // The within-genre variants exist only in prepared corpora, not in the synthetic language.
    bool needsPreparedData() const;
};

std::vector<std::string> presetNames();
// Throws UserError listing the known presets when `name` is not one of them.
RunConfig loadPreset(const std::string& name);
// Every cell of the matrix, controls included, in file order.
std::vector<MatrixCell> matrixCells();
// One cell by name; nullopt when the matrix has no such cell.
std::optional<MatrixCell> matrixCell(const std::string& name);
// The cells trained by default; `synthetic`: without those that need prepared corpora.
std::vector<MatrixCell> defaultMatrix(bool synthetic = false);
// The named cells (e.g. {"A1", "B1-wd0"}); throws UserError naming an unknown one and listing all.
std::vector<MatrixCell> chooseCells(const std::vector<std::string>& names);
RunConfig applyCell(RunConfig base, const MatrixCell& cell, uint64_t seed);
// Seeds per cell by default: with four per cell an exact two-sided permutation test of two cells
// can reach p = 2/70 < 0.05; with three it cannot (2/20).
constexpr int kDefaultSeeds = 4;
// Every cell at seeds first_seed .. first_seed + seeds - 1, cell-major, each validated.
std::vector<RunConfig> expandMatrix(const RunConfig& base, const std::vector<MatrixCell>& cells,
                                    int seeds, uint64_t first_seed = 0);

// Text of a resource compiled into the binary (resources/...), "" when absent.
std::string embeddedResource(const std::string& path);

} // namespace rs
