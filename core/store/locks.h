#pragma once

#include "core/store/run_layout.h"
#include "core/util/file_lock.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace rs {

// The lock files of an experiment folder, for many processes sharing it (runs at once, Slurm
// array tasks on several nodes, the GUI beside the command line).

// Held around every read-modify-write of experiment.json; waits up to `timeout`.
FileLock lockExperimentPlan(const std::filesystem::path& experiment,
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Held by the one process training a run, for as long as it trains; nullopt when another holds
// it (runHolder says who).
std::optional<FileLock> tryLockRun(const RunLayout& run, const std::string& purpose);
std::string runHolder(const RunLayout& run);
// True when the process that last trained the run was on this host and no longer exists, so a
// status.json still saying "running" is stale (the process was killed without a word).
bool runProcessGone(const RunLayout& run);

// With the run's lock held: moves everything the folder holds (but the lock) into a new sibling
// folder "<run>.replaced-<UTC time>" and returns it, so a new run can start there and nothing of
// the old one is lost.
std::filesystem::path moveRunAside(const RunLayout& run);

} // namespace rs
