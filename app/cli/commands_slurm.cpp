#include "app/cli/args.h"
#include "core/store/run_layout.h"
#include "app/cli/commands.h"
#include "app/cli/installed_files.h"
#include "app/cli/matrix_request.h"
#include "app/cli/run_overrides.h"
#include "core/cluster/slurm_queue.h"
#include "core/cluster/slurm_script.h"
#include "core/cluster/slurm_submit.h"
#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/util/error.h"
#include "core/util/shell.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

const char* kSubmitDetails =
    R"(Writes the plan (DIR/experiment.json, one entry per run: the cells of the matrix times N
seeds, as `matrix` trains them) and a batch script DIR/slurm/rankscope.sbatch with one array
task per run, then submits it with sbatch. Each task runs `rankscope-cli run-task` for its
entry and resumes whatever the run folder holds; tasks are requeueable (--requeue), get USR1
--grace seconds before --time runs out, save a resume point and requeue themselves. The
folder must be on a filesystem every node shares. Corpora (unless --synthetic) are prepared
once: by a data job the array waits for (afterok), or here before submitting with
--prepare-here (login nodes often have the network compute nodes lack). --gpus-per-task N
gives each task N GPUs and trains on cuda with bf16 autocast.)";

SlurmResources resourcesFrom(const Args& args) {
    SlurmResources r;
    r.partition = args.get("partition", "");
    r.time_limit = args.get("time", "");
    r.cpus_per_task = int(args.getInt("cpus-per-task", r.cpus_per_task));
    r.gpus_per_task = int(args.getInt("gpus-per-task", 0));
    r.mem = args.get("mem", "");
    r.account = args.get("account", "");
    r.qos = args.get("qos", "");
    r.extra = args.all("sbatch-arg");
    r.grace_s = int(args.getInt("grace", r.grace_s));
    r.validate();
    return r;
}

std::string displayCommand(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) {
        const bool plain = !a.empty() && a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
                                                             "klmnopqrstuvwxyz0123456789_./=:,%@-"
                                                             "+") == std::string::npos;
        s += (s.empty() ? "" : " ") + (plain ? a : shellQuote(a));
    }
    return s;
}

SlurmSubmitRequest requestFrom(const Args& args) {
    const auto matrix = readMatrixRequest(args);
    SlurmSubmitRequest r;
    r.res = resourcesFrom(args);
    r.out = fs::absolute(args.required("out")).lexically_normal();
    r.cli = fs::absolute(args.get("cli", thisProgram().string()));
    r.preset = matrix.preset;
    fs::path data;
    if (!matrix.synthetic) {
        data = fs::absolute(args.get("data", ExperimentLayout(r.out).dataDir().string()))
                   .lexically_normal();
        if (auto cache = args.get("cache")) {
            r.cache_dir = fs::absolute(*cache);
        }
    }
    r.setRuns(matrix.runs(), data, args.get("device").has_value());
    r.validate();
    return r;
}

int dryRun(const SlurmSubmitRequest& r) {
    const auto scripts = slurmScripts(r, existingPlan(r.out));
    const SlurmLayout layout(r.out);
    if (r.data_job) {
        std::printf("# %s\n%s\n", layout.dataScript().c_str(), scripts.data.c_str());
        std::printf("$ %s\n\n", displayCommand(sbatchArgs(layout.dataScript(), "",
                                                          layout.logs() / "data_%j.out"))
                                    .c_str());
    }
    std::printf("# %s\n%s\n", layout.taskScript().c_str(), scripts.task.c_str());
    std::printf("$ %s\n",
                displayCommand(sbatchArgs(layout.taskScript(), r.data_job ? "DATA_JOB_ID" : "",
                                          layout.logs() / "%A_%a.out"))
                    .c_str());
    std::printf("\ndry run: %zu runs, nothing written or submitted\n", r.runs.size());
    return 0;
}

int cmdSubmit(const Args& args) {
    auto r = requestFrom(args);
    if (args.flag("dry-run")) {
        return dryRun(r);
    }
    if (r.data_job && args.flag("prepare-here")) {
        PrepareOptions opt;
        opt.out_dir = r.data_dir;
        opt.cache_dir = args.get("cache", defaultCacheDir().string());
        opt.vocab_size = int(r.runs.front().model.vocab_size);
        prepareWithProgress(opt);
        r.data_job = false;
    }
    const auto sub = submitToSlurm(r);
    std::printf("submitted %zu runs as array job %s (tasks %s)%s\n"
                "follow: rankscope-cli slurm status --experiment %s   (or open the folder in "
                "the workbench)\n",
                r.runs.size(), sub.array_job.c_str(), slurmArraySpec(sub.indices).c_str(),
                sub.data_job.empty() ? "" : (", after data job " + sub.data_job).c_str(),
                shellQuote(r.out.string()).c_str());
    return 0;
}

CommandSpec submitCommand() {
    CommandSpec c;
    c.name = "submit";
    c.summary = "submit the run matrix as a Slurm job array";
    c.options = {
        requiredOption("out", "DIR", "the experiment folder (on a filesystem every node shares)"),
        valueOption("data", "DIR", "prepared corpora (default: DIR/data)"),
        valueOption("cache", "DIR", "where fetched sources are kept"),
        flagOption("prepare-here", "prepare the corpora here before submitting"),
        valueOption("partition", "P", "sbatch --partition"),
        valueOption("time", "HH:MM:SS", "each task's time limit"),
        valueOption("cpus-per-task", "N", "cores per task"),
        valueOption("gpus-per-task", "N", "GPUs per task (trains on cuda)"),
        valueOption("mem", "M", "sbatch --mem"),
        valueOption("account", "A", "sbatch --account"),
        valueOption("qos", "Q", "sbatch --qos"),
        repeatableOption("sbatch-arg", "ARG",
                         "one more sbatch option (repeatable: --sbatch-arg=--constraint=a100)"),
        valueOption("grace", "S", "seconds between USR1 and the time limit (default 120)"),
        valueOption("cli", "FILE",
                    "rankscope-cli's path on the compute nodes (default: this "
                    "program's path)"),
        flagOption("dry-run", "print the scripts and sbatch commands; submit nothing")};
    for (auto& o : matrixRequestOptions()) {
        c.options.push_back(o);
    }
    c.details = kSubmitDetails;
    c.run = cmdSubmit;
    return c;
}

} // namespace

CommandSpec slurmStatusCommand();
CommandSpec slurmCancelCommand();

CommandSpec slurmCommand() {
    CommandSpec c;
    c.name = "slurm";
    c.summary = "submit the run matrix to a Slurm cluster as a job array; its status; cancel it";
    c.subcommands = {submitCommand(), slurmStatusCommand(), slurmCancelCommand()};
    return c;
}

} // namespace rs::cli
