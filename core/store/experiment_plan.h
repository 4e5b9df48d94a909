#pragma once

#include "core/config/run_config.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rs {

// experiment.json: the runs of an experiment in order, each with the config it trains.
struct ExperimentPlan {
    std::string preset;
    std::vector<std::string> runs;            // run folder names, in plan order
    std::map<std::string, RunConfig> configs; // by run name (plans of older versions lack them)
};

// Records the runs of an experiment before they train: experiment.json lists them (merged with
// the runs already listed, so launching more cells later keeps the earlier ones) with their
// configs, and every run not started yet gets a "queued" status.json, so anyone following the
// folder sees the plan. Holds the experiment lock while it reads and rewrites the file. Returns
// the plan as written.
ExperimentPlan writeExperimentPlan(const std::filesystem::path& out, const std::string& preset,
                                   const std::vector<RunConfig>& runs);

// The plan as it stands; UserError naming the file and the fix when it is missing or corrupt.
ExperimentPlan readExperimentPlan(const std::filesystem::path& experiment);

// Entry `index` of the plan, with its config; UserError when out of range or without config.
RunConfig planEntry(const ExperimentPlan& plan, long long index);

} // namespace rs
