#include "core/cluster/slurm_queue.h"

#include "core/util/error.h"
#include "core/util/process.h"

#include <sstream>

namespace rs {

namespace {

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> splitOn(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, sep)) {
        out.push_back(field);
    }
    if (!line.empty() && line.back() == sep) {
        out.push_back("");
    }
    return out;
}

std::string joined(const std::vector<std::string>& jobs) {
    std::string s;
    for (const auto& j : jobs) {
        s += (s.empty() ? "" : ",") + j;
    }
    return s;
}

} // namespace

std::vector<std::string> sbatchArgs(const std::filesystem::path& script,
                                    const std::string& dependency,
                                    const std::filesystem::path& output_pattern) {
    const std::string output = "--output=" + output_pattern.string();
    if (dependency.empty()) {
        return {"sbatch", "--parsable", output, script.string()};
    }
    // --kill-on-invalid-dep: a failed data job ends the array too, instead of leaving it
    // pending forever.
    const std::string after = "--dependency=afterok:" + dependency;
    return {"sbatch", "--parsable", after, "--kill-on-invalid-dep=yes", output, script.string()};
}

std::string parseSbatchJobId(const std::string& output) {
    // The id is the last non-empty line (sbatch may print warnings before it).
    std::string last;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);) {
        if (!trim(line).empty()) {
            last = trim(line);
        }
    }
    const auto id = last.substr(0, last.find(';'));
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
        throw UserError("sbatch did not return a job id (it said: \"" + trim(output) + "\")");
    }
    return id;
}

std::string submitBatch(const std::vector<std::string>& args) {
    const auto r = runProcess(args);
    if (!r.ok()) {
        throw UserError("sbatch failed (exit " + std::to_string(r.exit_code) +
                        "): " + trim(r.output) +
                        "; check partition, account and limits with sinfo and sacctmgr");
    }
    return parseSbatchJobId(r.output);
}

std::map<std::string, SlurmJobState> parseSqueue(const std::string& output) {
    std::map<std::string, SlurmJobState> out;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);) {
        const auto f = splitOn(trim(line), '|');
        if (f.size() >= 4 && !f[0].empty()) {
            out[f[0]] = {f[1], f[2], f[3] == "None" ? "" : f[3]};
        }
    }
    return out;
}

std::map<std::string, SlurmJobState> parseSacct(const std::string& output) {
    std::map<std::string, SlurmJobState> out;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);) {
        const auto f = splitOn(trim(line), '|');
        if (f.size() < 4 || f[0].empty() || f[0].find('.') != std::string::npos) {
            continue; // a step (12_3.batch), not the task
        }
        // "CANCELLED by 0" -> "CANCELLED"
        out[f[0]] = {f[1].substr(0, f[1].find(' ')), f[3] == "None assigned" ? "" : f[3], f[2]};
    }
    return out;
}

std::map<std::string, SlurmJobState> queryQueue(const std::vector<std::string>& jobs) {
    if (jobs.empty()) {
        return {};
    }
    const auto r =
        runProcess({"squeue", "-h", "-r", "-t", "all", "-j", joined(jobs), "-o", "%i|%T|%N|%r"});
    return r.ok() ? parseSqueue(r.output) : std::map<std::string, SlurmJobState>{};
}

std::map<std::string, SlurmJobState> queryAccounting(const std::vector<std::string>& jobs) {
    if (jobs.empty()) {
        return {};
    }
    const auto r = runProcess(
        {"sacct", "-n", "-P", "-X", "-j", joined(jobs), "-o", "JobID,State,ExitCode,NodeList"});
    return r.ok() ? parseSacct(r.output) : std::map<std::string, SlurmJobState>{};
}

void cancelJobs(const std::vector<std::string>& jobs) {
    if (jobs.empty()) {
        return;
    }
    std::vector<std::string> args = {"scancel"};
    args.insert(args.end(), jobs.begin(), jobs.end());
    const auto r = runProcess(args);
    if (!r.ok()) {
        throw UserError("scancel failed (exit " + std::to_string(r.exit_code) +
                        "): " + trim(r.output));
    }
}

bool slurmAvailable() {
    return onPath("sbatch");
}

const char* slurmMissingHint() {
    return "sbatch is not on PATH: submit from a cluster login node (or a machine that is a "
           "Slurm client and shares the experiment folder with the compute nodes), or install "
           "slurm-client";
}

} // namespace rs
