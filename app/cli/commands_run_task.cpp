#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/run_overrides.h"
#include "core/cluster/slurm_script.h"
#include "core/store/experiment_plan.h"
#include "core/store/slurm_record.h"
#include "core/train/thread_governor.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/system_info.h"
#include "core/util/utc_time.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace rs::cli {

namespace {

const char* kRunTaskDetails =
    R"(Trains entry I of the experiment plan DIR/experiment.json (what each task of the Slurm array
written by `slurm submit` runs; I defaults to $SLURM_ARRAY_TASK_ID), resuming whatever its run
folder holds, with the run log on the terminal (the task's Slurm log). Threads:
$SLURM_CPUS_PER_TASK when set, else every core.

On SIGUSR1 (Slurm's warning before the time limit) it saves a resume point and exits 75, which
the batch script turns into `scontrol requeue`; on SIGTERM (preemption, scancel, requeue) it
saves and exits 143; on SIGINT 130 (128 + the signal's number). A second task on the same run exits 1 and leaves the run to
the first. Exit 0: the run is done; 1: it failed (see its status.json and train.log).)";

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

long long taskIndex(const Args& args) {
    if (args.get("index")) {
        return args.getInt("index", -1);
    }
    const auto from_slurm = env("SLURM_ARRAY_TASK_ID");
    if (from_slurm.empty()) {
        throw UserError("give --index I (outside a Slurm array task there is no "
                        "$SLURM_ARRAY_TASK_ID)");
    }
    return std::atoll(from_slurm.c_str());
}

// The cores this task may use: Slurm's allocation, else the machine.
int taskCores() {
    const int slurm = std::atoi(env("SLURM_CPUS_PER_TASK").c_str());
    return slurm > 0 ? slurm : int(availableCores());
}

SlurmTaskRecord startRecord(long long index) {
    SlurmTaskRecord r;
    r.job_id = env("SLURM_JOB_ID");
    r.array_job = env("SLURM_ARRAY_JOB_ID");
    r.task_index = int(index);
    r.node = env("SLURMD_NODENAME");
    r.restarts = std::atoi(env("SLURM_RESTART_COUNT").c_str());
    r.started = utcNowIso();
    return r;
}

// As `train` answers, except that a stop by signal says which signal it was.
int exitCodeOf(const TrainResult& result) {
    if (result.state == RunState::Cancelled && cancelSignal() == SIGUSR1) {
        return kExitRequeue;
    }
    return exitCode(result.state);
}

int cmdRunTask(const Args& args) {
    installRequeueHandler();
    const std::filesystem::path experiment = args.required("experiment");
    const long long index = taskIndex(args);
    const auto plan = readExperimentPlan(experiment);
    const RunConfig cfg = planEntry(plan, index);
    const auto& name = plan.runs[size_t(index)];
    const bool in_slurm = !env("SLURM_JOB_ID").empty();
    auto record = startRecord(index);
    if (in_slurm) {
        writeSlurmTaskRecord(experiment, name, record);
    }
    std::printf("run-task: entry %lld = %s, %d cores%s\n", index, name.c_str(), taskCores(),
                in_slurm ? (", job " + record.job_id + " on " + record.node +
                            (record.restarts > 0 ? ", restart " + std::to_string(record.restarts)
                                                 : std::string()))
                               .c_str()
                         : "");
    std::fflush(stdout);
    TrainOptions opt;
    opt.cancel = &cancelFlag();
    opt.console_log = true; // the task's log is the run log
    opt.cores = std::make_shared<CoreShare>(taskCores());
    const auto result = Trainer(cfg, experiment / name, opt).run();
    const int code = exitCodeOf(result);
    std::printf("run-task: %s: %s (exit %d)\n", name.c_str(), result.message.c_str(), code);
    if (in_slurm) {
        record.ended = utcNowIso();
        record.exit_code = code;
        record.message = result.message;
        writeSlurmTaskRecord(experiment, name, record);
    }
    return code;
}

} // namespace

CommandSpec runTaskCommand() {
    CommandSpec c;
    c.name = "run-task";
    c.summary = "train one entry of an experiment plan (what each Slurm array task runs)";
    c.options = {requiredOption("experiment", "DIR", "the experiment folder with experiment.json"),
                 valueOption("index", "I", "the entry (default: $SLURM_ARRAY_TASK_ID)")};
    c.details = kRunTaskDetails;
    c.run = cmdRunTask;
    return c;
}

} // namespace rs::cli
