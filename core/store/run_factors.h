#pragma once

#include "core/config/run_config.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rs {

struct RunSnapshot;

// What a run was trained with, as named factors: the design's (QK-Norm, optimizer, data) and the
// main hyper-parameters. The workbench groups and tabulates by them, `export` writes them.
enum class Factor {
    Cell,
    QkNorm,
    Optimizer,
    Data,
    MuonGrouping,
    DecayHidden,
    Preset,
    MuonLr,
    AdamwLr,
    WeightDecay,
    DModel,
    Layers,
    TokenBudget
};

struct FactorName {
    Factor value;
    const char* key; // the export column and settings key
};

inline constexpr FactorName kFactorNames[] = {{Factor::Cell, "cell"},
                                              {Factor::QkNorm, "qk_norm"},
                                              {Factor::Optimizer, "optimizer"},
                                              {Factor::Data, "data"},
                                              {Factor::MuonGrouping, "muon_grouping"},
                                              {Factor::DecayHidden, "decay_hidden"},
                                              {Factor::Preset, "preset"},
                                              {Factor::MuonLr, "muon_lr"},
                                              {Factor::AdamwLr, "adamw_lr"},
                                              {Factor::WeightDecay, "weight_decay"},
                                              {Factor::DModel, "d_model"},
                                              {Factor::Layers, "n_layers"},
                                              {Factor::TokenBudget, "token_budget"}};

const char* key(Factor f);
std::optional<Factor> factorFromKey(const std::string& key);

// The factor's value in a run's configuration as short text ("on", "adamw", "0.006").
std::string factorValue(const RunConfig& c, Factor f);
// The same for a run; "" while it has no run.json (except its cell, known from the folder).
std::string factorValue(const RunSnapshot& r, Factor f);

// Runs grouped by the combination of `factors`, keyed by a label such as
// "qk_norm=on · optimizer=adamw" (a single Cell factor: the cell's name, as groupByCell).
std::map<std::string, std::vector<const RunSnapshot*>>
groupByFactors(const std::vector<const RunSnapshot*>& runs, const std::vector<Factor>& factors);

} // namespace rs
