#pragma once

#include "core/config/run_config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rs {

// Records the runs of an experiment before they train: experiment.json lists them (merged with
// the runs already listed, so launching more cells later keeps the earlier ones) and every run
// not started yet gets a "queued" status.json, so anyone following the folder sees the plan.
void writeExperimentPlan(const std::filesystem::path& out, const std::string& preset,
                         const std::vector<RunConfig>& runs);

} // namespace rs
