#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rs {

// Talks to Slurm through its commands (sbatch, squeue, sacct, scancel), always with argument
// vectors, never through a shell.

// sbatch's arguments for a script; `dependency` is a job id the job waits for (afterok) or "".
std::vector<std::string> sbatchArgs(const std::filesystem::path& script,
                                    const std::string& dependency,
                                    const std::filesystem::path& output_pattern);
// The job id in `sbatch --parsable` output ("123" or "123;cluster"); UserError otherwise.
std::string parseSbatchJobId(const std::string& output);
// Runs sbatch; the job id, or UserError with sbatch's own message.
std::string submitBatch(const std::vector<std::string>& args);

// One array task (or job) as the queue or the accounting knows it.
struct SlurmJobState {
    std::string state;  // PENDING, RUNNING, COMPLETED, FAILED, ...
    std::string node;   // where it runs (or ran)
    std::string reason; // why pending (squeue), or the exit code "N:S" (sacct)
};

// squeue -h -r -o '%i|%T|%N|%r' lines -> by job id ("12_3").
std::map<std::string, SlurmJobState> parseSqueue(const std::string& output);
// sacct -n -P -X -o JobID,State,ExitCode,NodeList lines -> by job id; steps are skipped.
std::map<std::string, SlurmJobState> parseSacct(const std::string& output);

// The live queue's view of these jobs (all their array tasks); empty when squeue fails.
std::map<std::string, SlurmJobState> queryQueue(const std::vector<std::string>& jobs);
// The accounting's view; empty when accounting is off (sacct fails) or unreachable.
std::map<std::string, SlurmJobState> queryAccounting(const std::vector<std::string>& jobs);

// scancel for these jobs; UserError with scancel's message when it fails.
void cancelJobs(const std::vector<std::string>& jobs);

// Whether sbatch is on PATH, and if not, what to do (for the CLI and the workbench).
bool slurmAvailable();
const char* slurmMissingHint();

} // namespace rs
