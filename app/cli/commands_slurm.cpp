#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/matrix_request.h"
#include "app/cli/run_overrides.h"
#include "core/cluster/slurm_queue.h"
#include "core/cluster/slurm_script.h"
#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/store/experiment_plan.h"
#include "core/store/run_dir.h"
#include "core/store/slurm_record.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/shell.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

const char* kSlurmHelp =
    R"(usage: rankscope-cli slurm submit --preset NAME --out DIR [--cells A1,A2,...] [--seeds N]
                                 [--first-seed N] [--partition P] [--time HH:MM:SS]
                                 [--cpus-per-task N] [--gpus-per-task N] [--mem M]
                                 [--account A] [--qos Q] [--sbatch-arg ARG]... [--grace S]
                                 [--data DIR | --synthetic] [--prepare-here] [--cache DIR]
                                 [--cli PATH] [--dry-run]
       rankscope-cli slurm status --experiment DIR
       rankscope-cli slurm cancel --experiment DIR

submit  writes the plan (DIR/experiment.json, one entry per run: the cells of the matrix
        times N seeds, as `matrix` trains them) and a batch script DIR/slurm/rankscope.sbatch
        with one array task per run, then submits it with sbatch. Each task runs
        `rankscope-cli run-task` for its entry and resumes whatever the run folder holds;
        tasks are requeueable (--requeue), get USR1 --grace seconds (default 120) before
        --time runs out, save a resume point and requeue themselves. The folder must be on
        a filesystem every node shares. Corpora (unless --synthetic) are prepared once: by a
        data job the array waits for (afterok), or here before submitting with
        --prepare-here (login nodes often have the network compute nodes lack).
        --gpus-per-task N gives each task N GPUs and trains on cuda with bf16 autocast.
        --sbatch-arg passes one more sbatch option (repeatable: --sbatch-arg=--constraint=a100).
        --cli is rankscope-cli's path on the compute nodes (default: this program's path).
        --dry-run prints the scripts and sbatch commands and submits nothing.
status  one line per run: its state and tokens from the run folder, joined with what
        squeue (and sacct, where accounting is on) say of its job: pending and why,
        running on which node, requeued how often, failed with which exit code.
cancel  scancel for every job submitted into DIR; runs that never started become
        "cancelled", running ones save a resume point (submit again to continue).

Run options (as for `matrix`):
)";

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

fs::path thisProgram() {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        throw UserError("cannot find this program's path; give --cli PATH");
    }
    return self;
}

std::string displayCommand(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) {
        s += (s.empty() ? "" : " ") + (isSafeName(a) ? a : shellQuote(a));
    }
    return s;
}

// Everything submit decides before it writes or submits anything.
struct Submission {
    MatrixRequest request;
    SlurmResources res;
    fs::path out, cli, data;
    bool data_job = false;
    std::vector<RunConfig> runs;
};

Submission planSubmission(const Args& args) {
    Submission s;
    s.request = readMatrixRequest(args);
    s.res = resourcesFrom(args);
    s.out = fs::absolute(args.required("out")).lexically_normal();
    if (s.out.string().find('%') != std::string::npos) {
        throw UserError("the experiment folder '" + s.out.string() +
                        "' holds '%', which Slurm reads as a file-name pattern; choose another");
    }
    s.cli = fs::absolute(args.get("cli", thisProgram().string()));
    auto& base = s.request.base;
    if (s.res.gpus_per_task > 0 && !args.get("device")) {
        base.train.device = "cuda";
    }
    if (!s.request.synthetic) {
        s.data = fs::absolute(args.get("data", (s.out / "data").string())).lexically_normal();
        base.data.source = DataSource::Prepared;
        base.data.dir = s.data.string();
        s.data_job = !experimentDataReady(s.data, base.model.vocab_size);
    }
    s.runs = s.request.runs();
    for (const auto& cfg : s.runs) {
        cfg.validate();
    }
    return s;
}

// Array indices of the runs: their places in the plan as it is (or would be) written.
std::vector<int> planIndices(const ExperimentPlan& plan, const std::vector<RunConfig>& runs) {
    std::vector<int> out;
    auto names = plan.runs;
    for (const auto& cfg : runs) {
        auto it = std::find(names.begin(), names.end(), cfg.runName());
        if (it == names.end()) {
            names.push_back(cfg.runName());
            it = names.end() - 1;
        }
        out.push_back(int(it - names.begin()));
    }
    return out;
}

std::string taskScriptFor(const Submission& s, const std::vector<int>& indices) {
    TaskScriptInput in;
    in.cli = s.cli;
    in.experiment = s.out;
    in.logs = SlurmLayout(s.out).logs();
    in.array = slurmArraySpec(indices);
    return slurmTaskScript(in, s.res);
}

std::string dataScriptFor(const Submission& s, const Args& args) {
    DataScriptInput in;
    in.cli = s.cli;
    in.data_dir = s.data;
    in.logs = SlurmLayout(s.out).logs();
    in.vocab_size = s.request.base.model.vocab_size;
    if (auto cache = args.get("cache")) {
        in.cache_dir = fs::absolute(*cache);
    }
    return slurmDataScript(in, s.res);
}

int dryRun(const Submission& s, const Args& args) {
    ExperimentPlan existing;
    if (fs::exists(ExperimentLayout(s.out).experimentJson())) {
        existing = readExperimentPlan(s.out);
    }
    const auto indices = planIndices(existing, s.runs);
    const SlurmLayout layout(s.out);
    if (s.data_job) {
        std::printf("# %s\n%s\n", layout.dataScript().c_str(), dataScriptFor(s, args).c_str());
        std::printf("$ %s\n\n", displayCommand(sbatchArgs(layout.dataScript(), "",
                                                          layout.logs() / "data_%j.out"))
                                    .c_str());
    }
    std::printf("# %s\n%s\n", layout.taskScript().c_str(), taskScriptFor(s, indices).c_str());
    std::printf("$ %s\n",
                displayCommand(sbatchArgs(layout.taskScript(), s.data_job ? "DATA_JOB_ID" : "",
                                          layout.logs() / "%A_%a.out"))
                    .c_str());
    std::printf("\ndry run: %zu runs, nothing written or submitted\n", s.runs.size());
    return 0;
}

void writeScript(const fs::path& path, const std::string& text) {
    writeFileAtomic(path, text);
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
}

int slurmSubmit(int argc, char** argv) {
    Args args(
        argc, argv, 3,
        matrixRequestKeys({"out", "data", "cache", "partition", "time", "cpus-per-task",
                           "gpus-per-task", "mem", "account", "qos", "sbatch-arg", "grace", "cli"}),
        {"synthetic", "dry-run", "prepare-here", "verbose"});
    auto s = planSubmission(args);
    if (args.flag("dry-run")) {
        return dryRun(s, args);
    }
    if (!slurmAvailable()) {
        throw UserError(slurmMissingHint());
    }
    if (s.data_job && args.flag("prepare-here")) {
        PrepareOptions opt;
        opt.out_dir = s.data;
        opt.cache_dir = args.get("cache", defaultCacheDir().string());
        opt.vocab_size = int(s.request.base.model.vocab_size);
        prepareWithProgress(opt);
        s.data_job = false;
    }
    const auto plan = writeExperimentPlan(s.out, s.request.preset, s.runs);
    const auto indices = planIndices(plan, s.runs);
    const SlurmLayout layout(s.out);
    fs::create_directories(layout.logs());
    SlurmSubmission sub;
    if (s.data_job) {
        writeScript(layout.dataScript(), dataScriptFor(s, args));
        sub.data_job =
            submitBatch(sbatchArgs(layout.dataScript(), "", layout.logs() / "data_%j.out"));
    }
    writeScript(layout.taskScript(), taskScriptFor(s, indices));
    sub.array_job =
        submitBatch(sbatchArgs(layout.taskScript(), sub.data_job, layout.logs() / "%A_%a.out"));
    sub.indices = indices;
    for (const auto& cfg : s.runs) {
        sub.runs.push_back(cfg.runName());
    }
    sub.submitted_at = utcNow();
    appendSlurmSubmission(s.out, sub);
    std::printf("submitted %zu runs as array job %s (tasks %s)%s\n"
                "follow: rankscope-cli slurm status --experiment %s   (or open the folder in "
                "the workbench)\n",
                s.runs.size(), sub.array_job.c_str(), slurmArraySpec(indices).c_str(),
                sub.data_job.empty() ? "" : (", after data job " + sub.data_job).c_str(),
                shellQuote(s.out.string()).c_str());
    return 0;
}

} // namespace

int slurmStatus(int argc, char** argv);
int slurmCancel(int argc, char** argv);

int cmdSlurm(int argc, char** argv) {
    if (argc < 3 || helpRequested(argc, argv, 2)) {
        std::printf("%s%s", kSlurmHelp, kOverrideHelp);
        return argc < 3 ? 2 : 0;
    }
    const std::string sub = argv[2];
    if (sub == "submit") {
        return slurmSubmit(argc, argv);
    }
    if (sub == "status") {
        return slurmStatus(argc, argv);
    }
    if (sub == "cancel") {
        return slurmCancel(argc, argv);
    }
    throw UserError("unknown slurm command '" + sub + "'; use submit, status or cancel");
}

} // namespace rs::cli
