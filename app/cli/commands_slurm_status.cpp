#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/cluster/slurm_queue.h"
#include "core/store/experiment_plan.h"
#include "core/store/run_dir.h"
#include "core/store/slurm_record.h"
#include "core/util/error.h"

#include <cstdio>

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

std::vector<std::string> submittedJobs(const std::vector<SlurmSubmission>& subs) {
    std::vector<std::string> jobs;
    for (const auto& s : subs) {
        jobs.push_back(s.array_job);
        if (!s.data_job.empty()) {
            jobs.push_back(s.data_job);
        }
    }
    return jobs;
}

// What Slurm says of a run's job: the live queue first, then accounting, then the task's own
// record, for jobs that left the queue on clusters without accounting.
std::string jobText(const std::string& job, const std::map<std::string, SlurmJobState>& queue,
                    const std::map<std::string, SlurmJobState>& acct,
                    const std::optional<SlurmTaskRecord>& task) {
    if (job.empty()) {
        return "not submitted";
    }
    std::string s = "job " + job + ": ";
    if (auto q = queue.find(job); q != queue.end()) {
        s += q->second.state;
        s += q->second.node.empty() ? "" : " on " + q->second.node;
        s += q->second.reason.empty() ? "" : " (" + q->second.reason + ")";
        if (task && task->exit_code >= 0 && q->second.state != "RUNNING" &&
            q->second.state != "PENDING") {
            s += ", task exit " + std::to_string(task->exit_code);
        }
    } else if (auto a = acct.find(job); a != acct.end()) {
        s += a->second.state + " exit " + a->second.reason;
        s += a->second.node.empty() ? "" : " on " + a->second.node;
    } else if (task && task->exit_code >= 0) {
        s += "left the queue, task exited " + std::to_string(task->exit_code) + " on " + task->node;
    } else if (task) {
        s += "not in the queue; last started on " + task->node + " at " + task->started +
             " without an end (killed, or its node failed)";
    } else {
        s += "not in the queue, never started";
    }
    if (task && task->restarts > 0) {
        s += ", requeued " + std::to_string(task->restarts) + "x";
    }
    return s;
}

std::string runText(const fs::path& dir) {
    const auto status = RunDir(dir).readStatus();
    if (!status) {
        return "no status";
    }
    std::string s = toString(status->state);
    if (status->token_budget > 0) {
        char pct[32];
        std::snprintf(pct, sizeof pct, " %3.0f%%",
                      100.0 * double(status->tokens_done) / double(status->token_budget));
        s += pct;
    }
    return s;
}

int cmdStatus(const Args& args) {
    const fs::path experiment = args.required("experiment");
    const auto plan = readExperimentPlan(experiment);
    const auto subs = readSlurmSubmissions(experiment);
    const auto jobs = submittedJobs(subs);
    const auto queue = queryQueue(jobs);
    const auto acct = queryAccounting(jobs);
    for (const auto& s : subs) {
        if (!s.data_job.empty()) {
            std::printf("%-14s %s\n", "data",
                        jobText(s.data_job, queue, acct, std::nullopt).c_str());
        }
    }
    for (const auto& name : plan.runs) {
        std::printf(
            "%-14s %-14s %s\n", name.c_str(), runText(experiment / name).c_str(),
            jobText(slurmJobOf(subs, name), queue, acct, readSlurmTaskRecord(experiment, name))
                .c_str());
    }
    if (!jobs.empty() && queue.empty() && !slurmAvailable()) {
        std::printf("(%s)\n", slurmMissingHint());
    }
    return 0;
}

int cmdCancel(const Args& args) {
    const fs::path experiment = args.required("experiment");
    const auto plan = readExperimentPlan(experiment);
    const auto jobs = submittedJobs(readSlurmSubmissions(experiment));
    if (jobs.empty()) {
        throw UserError("nothing was submitted from '" + experiment.string() +
                        "' (no slurm/submissions.json)");
    }
    cancelJobs(jobs);
    int never_started = 0;
    for (const auto& name : plan.runs) {
        RunDir rd(experiment / name);
        auto status = rd.readStatus();
        if (status && status->state == RunState::Queued) {
            status->state = RunState::Cancelled;
            status->last_error = "cancelled in the queue (slurm cancel); submit again to train it";
            rd.writeStatus(*status);
            ++never_started;
        }
    }
    std::printf("cancelled %zu job(s); %d queued run(s) marked cancelled, running ones save a "
                "resume point\n",
                jobs.size(), never_started);
    return 0;
}

} // namespace

CommandSpec slurmStatusCommand() {
    CommandSpec c;
    c.name = "status";
    c.summary = "each run's state joined with what squeue and sacct say of its job";
    c.options = {requiredOption("experiment", "DIR", "the folder given to submit as --out")};
    c.details = "One line per run: its state and tokens from the run folder, joined with what\n"
                "squeue (and sacct, where accounting is on) say of its job: pending and why,\n"
                "running on which node, requeued how often, failed with which exit code.";
    c.run = cmdStatus;
    return c;
}

CommandSpec slurmCancelCommand() {
    CommandSpec c;
    c.name = "cancel";
    c.summary = "scancel every job submitted into the folder";
    c.options = {requiredOption("experiment", "DIR", "the folder given to submit as --out")};
    c.details = "Runs that never started become \"cancelled\"; running ones save a resume\n"
                "point (submit again to continue).";
    c.run = cmdCancel;
    return c;
}

} // namespace rs::cli
