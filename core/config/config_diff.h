#pragma once

#include "core/config/run_config.h"

#include <string>
#include <vector>

namespace rs {

// One field where two configurations differ: its path in run.json ("train.adamw.lr") and each
// side's value as JSON text ("" where a side lacks the field).
struct ConfigDifference {
    std::string path, a, b;
};

// Only the fields that differ, in path order.
std::vector<ConfigDifference> configDiff(const RunConfig& a, const RunConfig& b);
std::vector<ConfigDifference> jsonDiff(const Json& a, const Json& b);

} // namespace rs
