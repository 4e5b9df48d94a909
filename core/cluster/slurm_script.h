#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rs {

// What `slurm submit` asks of the cluster for each task (and for the data job).
struct SlurmResources {
    std::string partition;  // "" = the cluster's default
    std::string time_limit; // "" = the partition's default; else [D-]HH:MM:SS, MM:SS or minutes
    int cpus_per_task = 2;
    int gpus_per_task = 0;
    std::string mem;                // "" = the cluster's default; else e.g. 16G
    std::string account;            // ""
    std::string qos;                // ""
    std::vector<std::string> extra; // further sbatch options, one per #SBATCH line
    int grace_s = 120;              // USR1 this many seconds before the time limit
    // Checks every field (names, formats, no newlines); UserError naming the option and fix.
    void validate() const;
};

struct TaskScriptInput {
    std::filesystem::path cli;        // rankscope-cli as the compute nodes see it (absolute)
    std::filesystem::path experiment; // absolute
    std::filesystem::path logs;       // absolute
    std::string array;                // "0-7" or "0,3,5-9"
    std::string job_name = "rankscope";
};

// The array job's batch script: readable, commented, every path shell-quoted.
std::string slurmTaskScript(const TaskScriptInput& in, const SlurmResources& res);

struct DataScriptInput {
    std::filesystem::path cli, data_dir, cache_dir, logs; // absolute; cache may be empty
    long long vocab_size = 0;
};
// The data job's batch script: prepares the corpora once for every task.
std::string slurmDataScript(const DataScriptInput& in, const SlurmResources& res);

// Whether a path can stand on an #SBATCH line as it is (no blanks, quotes or shell specials).
bool plainPath(const std::string& path);
// "#SBATCH --output=PATTERN" when plainPath, else a comment (then sbatch gets it as an argument).
std::string outputLine(const std::filesystem::path& pattern);

// Indices as a Slurm array spec: {0,1,2,5,7,8} -> "0-2,5,7-8".
std::string slurmArraySpec(std::vector<int> indices);

// run-task's exit code asking the batch script to requeue the job (a resume point was saved
// before the time limit).
inline constexpr int kExitRequeue = 75;

} // namespace rs
