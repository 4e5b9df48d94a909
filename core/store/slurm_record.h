#pragma once

#include "core/util/json_fields.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rs {

// The experiment's slurm/ folder: the batch scripts, the tasks' logs, what was submitted and
// what each task did. Followers (slurm status, the workbench) read it; only `slurm submit` and
// `run-task` write it.
class SlurmLayout {
  public:
    explicit SlurmLayout(const std::filesystem::path& experiment) : root_(experiment / "slurm") {}
    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path taskScript() const { return root_ / "rankscope.sbatch"; }
    std::filesystem::path dataScript() const { return root_ / "prepare-data.sbatch"; }
    std::filesystem::path logs() const { return root_ / "logs"; }
    std::filesystem::path submissions() const { return root_ / "submissions.json"; }
    std::filesystem::path taskRecord(const std::string& run) const {
        return root_ / "tasks" / (run + ".json");
    }

  private:
    std::filesystem::path root_;
};

// One `slurm submit`: the array job, the data job it waits for (empty when none), and which
// entries of the plan its array indices are.
struct SlurmSubmission {
    std::string array_job;
    std::string data_job;
    std::vector<int> indices;
    std::vector<std::string> runs; // names of those entries, in the same order
    std::string submitted_at;      // UTC, ISO 8601
    Json toJson() const;
    static SlurmSubmission fromJson(const Json& j);
    // "ARRAY_INDEX" of a run, "" when this submission does not hold it.
    std::string jobOf(const std::string& run) const;
};

// Appends under the experiment lock; reads all, oldest first (none: empty).
void appendSlurmSubmission(const std::filesystem::path& experiment, const SlurmSubmission& s);
std::vector<SlurmSubmission> readSlurmSubmissions(const std::filesystem::path& experiment);
// The newest submission's job of each run ("" for runs never submitted).
std::string slurmJobOf(const std::vector<SlurmSubmission>& all, const std::string& run);

// What the newest task of a run reported about itself (run-task writes it at start and end).
struct SlurmTaskRecord {
    std::string job_id;    // SLURM_JOB_ID: this array task's own job id
    std::string array_job; // SLURM_ARRAY_JOB_ID
    int task_index = -1;
    std::string node;
    int restarts = 0;    // SLURM_RESTART_COUNT: requeues so far
    std::string started; // UTC
    std::string ended;   // "" while running
    int exit_code = -1;  // run-task's own exit code, -1 while running
    std::string message; // how it ended
    Json toJson() const;
    static SlurmTaskRecord fromJson(const Json& j);
};
void writeSlurmTaskRecord(const std::filesystem::path& experiment, const std::string& run,
                          const SlurmTaskRecord& r);
std::optional<SlurmTaskRecord> readSlurmTaskRecord(const std::filesystem::path& experiment,
                                                   const std::string& run);

} // namespace rs
