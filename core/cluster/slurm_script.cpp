#include "core/cluster/slurm_script.h"

#include "core/util/error.h"
#include "core/util/shell.h"

#include <algorithm>
#include <regex>

namespace rs {

namespace {

void requireMatch(const std::string& value, const char* pattern, const std::string& option,
                  const std::string& fix) {
    if (!value.empty() && !std::regex_match(value, std::regex(pattern))) {
        throw UserError("--" + option + " \"" + value + "\" is not valid; " + fix);
    }
}

// Lines every script shares: resources, in the order sbatch's manual lists them.
std::string resourceLines(const SlurmResources& r, bool gpus) {
    std::string s;
    auto line = [&s](const std::string& opt) { s += "#SBATCH " + opt + "\n"; };
    if (!r.partition.empty()) {
        line("--partition=" + r.partition);
    }
    if (!r.account.empty()) {
        line("--account=" + r.account);
    }
    if (!r.qos.empty()) {
        line("--qos=" + r.qos);
    }
    if (!r.time_limit.empty()) {
        line("--time=" + r.time_limit);
    }
    line("--cpus-per-task=" + std::to_string(r.cpus_per_task));
    if (gpus && r.gpus_per_task > 0) {
        line("--gpus-per-task=" + std::to_string(r.gpus_per_task));
    }
    if (!r.mem.empty()) {
        line("--mem=" + r.mem);
    }
    for (const auto& e : r.extra) {
        line(e);
    }
    return s;
}

} // namespace

bool plainPath(const std::string& path) {
    return path.find_first_of(" \t\n\r'\"\\$`%;&|<>*?#") == std::string::npos;
}

std::string outputLine(const std::filesystem::path& pattern) {
    const auto dir = pattern.parent_path().string();
    // #SBATCH lines are read by sbatch, not a shell, and cannot quote: a path with spaces or
    // other specials goes on sbatch's command line instead (slurmSubmitArgs).
    if (plainPath(dir)) {
        return "#SBATCH --output=" + pattern.string() + "\n";
    }
    return "# --output is given on sbatch's command line (the folder's name needs quoting)\n";
}

void SlurmResources::validate() const {
    // Values go onto #SBATCH lines, which sbatch reads without a shell: a newline would start a
    // line of its own, so only plain tokens pass.
    requireMatch(partition, "[A-Za-z0-9_.,-]+", "partition", "give partition names (sinfo -s)");
    requireMatch(account, "[A-Za-z0-9_.-]+", "account", "give an account name (sacctmgr)");
    requireMatch(qos, "[A-Za-z0-9_.-]+", "qos", "give a QOS name");
    requireMatch(time_limit, "([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}", "time",
                 "use [D-]HH:MM:SS, MM:SS or minutes");
    requireMatch(mem, "[0-9]+[KMGT]?", "mem", "use a size such as 16G or 4000M");
    if (cpus_per_task < 1 || cpus_per_task > 4096) {
        throw UserError("--cpus-per-task must be between 1 and 4096");
    }
    if (gpus_per_task < 0 || gpus_per_task > 64) {
        throw UserError("--gpus-per-task must be between 0 and 64");
    }
    if (grace_s < 10 || grace_s > 65535) {
        throw UserError("--grace must be between 10 and 65535 seconds (the time to save a "
                        "resume point before the limit)");
    }
    for (const auto& e : extra) {
        if (e.rfind("--", 0) != 0 || e.find_first_of("\n\r") != std::string::npos) {
            throw UserError("--sbatch-arg \"" + e +
                            "\" must be one sbatch option starting with -- (e.g. "
                            "--sbatch-arg=--constraint=a100), without line breaks");
        }
    }
}

std::string slurmArraySpec(std::vector<int> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    std::string out;
    for (size_t i = 0; i < indices.size();) {
        size_t j = i;
        while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) {
            ++j;
        }
        if (!out.empty()) {
            out += ',';
        }
        out += std::to_string(indices[i]);
        if (j > i) {
            out += '-';
            out += std::to_string(indices[j]);
        }
        i = j + 1;
    }
    return out;
}

std::string slurmTaskScript(const TaskScriptInput& in, const SlurmResources& res) {
    const std::string grace = std::to_string(res.grace_s);
    std::string s = "#!/bin/bash\n"
                    "# RankScope run matrix: one array task per run of the experiment plan\n"
                    "# (experiment.json); array index I trains entry I of its \"runs\".\n"
                    "# Written by `rankscope-cli slurm submit`; to submit it again by hand, give\n"
                    "# `sbatch slurm/rankscope.sbatch` in the experiment folder.\n"
                    "# A task resumes whatever its run folder holds, so a requeued, preempted or\n"
                    "# resubmitted task continues from its last resume point.\n";
    s += "#SBATCH --job-name=" + in.job_name + "\n";
    s += "#SBATCH --array=" + in.array + "\n";
    s += "#SBATCH --requeue\n";
    s += "#SBATCH --open-mode=append\n"; // a requeued task adds to its log
    s += "#SBATCH --signal=B:USR1@" + grace + "\n";
    s += outputLine(in.logs / "%A_%a.out");
    s += resourceLines(res, true);
    s += "\nset -u\n";
    s += "cli=" + shellQuote(in.cli.string()) + "\n";
    s += "experiment=" + shellQuote(in.experiment.string()) + "\n\n";
    s += "# USR1 arrives " + grace +
         " s before the time limit, to this shell only (B:): it is passed to\n"
         "# the task, which saves a resume point and exits " +
         std::to_string(kExitRequeue) +
         "; the job then goes back to the queue.\n"
         "# TERM (preemption, scancel, scontrol requeue) is passed on as well: the task saves\n"
         "# and exits 143, and Slurm requeues or ends the job as it decided.\n";
    s += "\"$cli\" run-task --experiment \"$experiment\" --index \"$SLURM_ARRAY_TASK_ID\" &\n"
         "task=$!\n"
         "trap 'kill -USR1 \"$task\" 2>/dev/null' USR1\n"
         "trap 'kill -TERM \"$task\" 2>/dev/null' TERM\n"
         "# wait returns early when a trapped signal arrives; wait again until the task ends.\n"
         "while wait \"$task\"; rc=$?; kill -0 \"$task\" 2>/dev/null; do :; done\n"
         "wait \"$task\"; rc=$?\n";
    s += "if [ \"$rc\" -eq " + std::to_string(kExitRequeue) +
         " ]; then\n"
         "  echo \"rankscope: resume point saved before the time limit; requeueing job "
         "$SLURM_JOB_ID\"\n"
         "  scontrol requeue \"$SLURM_JOB_ID\"\n"
         "fi\n"
         "exit \"$rc\"\n";
    return s;
}

std::string slurmDataScript(const DataScriptInput& in, const SlurmResources& res) {
    std::string s = "#!/bin/bash\n"
                    "# RankScope: prepares the corpora once, before the array of runs (which\n"
                    "# waits for this job with --dependency=afterok). Needs the network to\n"
                    "# Debian's and npm's registries, or own text (`data prepare --own`).\n";
    s += "#SBATCH --job-name=rankscope-data\n";
    s += outputLine(in.logs / "data_%j.out");
    SlurmResources cpu_only = res;
    cpu_only.gpus_per_task = 0;
    s += resourceLines(cpu_only, false);
    s += "\nset -eu\n";
    s += "exec " + shellQuote(in.cli.string()) + " data prepare --out " +
         shellQuote(in.data_dir.string()) + " --vocab " + std::to_string(in.vocab_size);
    if (!in.cache_dir.empty()) {
        s += " --cache " + shellQuote(in.cache_dir.string());
    }
    return s + "\n";
}

} // namespace rs
