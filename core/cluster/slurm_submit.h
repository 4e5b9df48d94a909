#pragma once

#include "core/cluster/slurm_script.h"
#include "core/config/run_config.h"
#include "core/store/experiment_plan.h"
#include "core/store/slurm_record.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rs {

// One submission of runs to Slurm, as `slurm submit` and the workbench's run-matrix dialog
// make it. Paths absolute; runs carry their data source already.
struct SlurmSubmitRequest {
    std::filesystem::path out;       // the experiment folder, on a filesystem the nodes share
    std::filesystem::path cli;       // rankscope-cli as the compute nodes see it
    std::filesystem::path data_dir;  // prepared corpora the runs read ("" with synthetic data)
    std::filesystem::path cache_dir; // for the data job ("" = its default)
    std::string preset;
    std::vector<RunConfig> runs;
    SlurmResources res;
    bool data_job = false; // prepare data_dir in a job the array waits for
    // The runs as the cluster trains them: on cuda when tasks get GPUs (unless the device was
    // chosen), reading `prepared` ("" = their own data, e.g. synthetic), which a data job
    // prepares first when it is not ready. Set `res` before.
    void setRuns(std::vector<RunConfig> planned, const std::filesystem::path& prepared,
                 bool device_chosen = false);
    // Checks names, paths and resources; UserError naming the problem and the fix.
    void validate() const;
};

// The scripts a submission writes, and the plan entries its array indices are.
struct SlurmScripts {
    std::string task, data; // data: "" without a data job
    std::vector<int> indices;
};
// For a plan as it stands (empty for a new folder): what submitting would write.
SlurmScripts slurmScripts(const SlurmSubmitRequest& request, const ExperimentPlan& existing);
// The plan the folder holds now (empty when it has none).
ExperimentPlan existingPlan(const std::filesystem::path& out);

// Writes the plan and the scripts, submits the data job (if any) and the array with sbatch,
// records the submission in slurm/submissions.json and returns it. Blocks for sbatch.
SlurmSubmission submitToSlurm(const SlurmSubmitRequest& request);

} // namespace rs
