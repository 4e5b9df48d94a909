#include "core/cluster/slurm_submit.h"

#include "core/cluster/slurm_queue.h"
#include "core/data/experiment_data.h"
#include "core/store/run_layout.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/utc_time.h"

#include <algorithm>

namespace fs = std::filesystem;

namespace rs {

namespace {

// Array indices of the runs: their places in the plan as it is (or will be) written.
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

void writeScript(const fs::path& path, const std::string& text) {
    writeFileAtomic(path, text);
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
}

} // namespace

void SlurmSubmitRequest::setRuns(std::vector<RunConfig> planned, const fs::path& prepared,
                                 bool device_chosen) {
    runs = std::move(planned);
    data_dir = prepared;
    for (auto& cfg : runs) {
        if (res.gpus_per_task > 0 && !device_chosen) {
            cfg.train.device = Device::Cuda;
        }
        if (!data_dir.empty()) {
            cfg.data.source = DataSource::Prepared;
            cfg.data.dir = data_dir.string();
        }
    }
    data_job = !data_dir.empty() && !runs.empty() &&
               !experimentDataReady(data_dir, runs.front().model.vocab_size);
}

void SlurmSubmitRequest::validate() const {
    if (runs.empty()) {
        throw UserError("no runs to submit; choose at least one cell");
    }
    if (!out.is_absolute() || !cli.is_absolute()) {
        throw UserError("the experiment folder and rankscope-cli need absolute paths");
    }
    if (out.string().find('%') != std::string::npos) {
        throw UserError("the experiment folder '" + out.string() +
                        "' holds '%', which Slurm reads as a file-name pattern; choose another");
    }
    res.validate();
    for (const auto& cfg : runs) {
        cfg.validate();
    }
}

ExperimentPlan existingPlan(const fs::path& out) {
    if (!fs::exists(ExperimentLayout(out).experimentJson())) {
        return {};
    }
    return readExperimentPlan(out);
}

SlurmScripts slurmScripts(const SlurmSubmitRequest& r, const ExperimentPlan& existing) {
    SlurmScripts s;
    s.indices = planIndices(existing, r.runs);
    const SlurmLayout layout(r.out);
    TaskScriptInput task;
    task.cli = r.cli;
    task.experiment = r.out;
    task.logs = layout.logs();
    task.array = slurmArraySpec(s.indices);
    s.task = slurmTaskScript(task, r.res);
    if (r.data_job) {
        DataScriptInput data;
        data.cli = r.cli;
        data.data_dir = r.data_dir;
        data.cache_dir = r.cache_dir;
        data.logs = layout.logs();
        data.vocab_size = r.runs.front().model.vocab_size;
        s.data = slurmDataScript(data, r.res);
    }
    return s;
}

SlurmSubmission submitToSlurm(const SlurmSubmitRequest& r) {
    r.validate();
    if (!slurmAvailable()) {
        throw UserError(slurmMissingHint());
    }
    const auto plan = writeExperimentPlan(r.out, r.preset, r.runs);
    const auto scripts = slurmScripts(r, plan);
    const SlurmLayout layout(r.out);
    createFolder(layout.logs());
    SlurmSubmission sub;
    if (r.data_job) {
        writeScript(layout.dataScript(), scripts.data);
        sub.data_job =
            submitBatch(sbatchArgs(layout.dataScript(), "", layout.logs() / "data_%j.out"));
    }
    writeScript(layout.taskScript(), scripts.task);
    sub.array_job =
        submitBatch(sbatchArgs(layout.taskScript(), sub.data_job, layout.logs() / "%A_%a.out"));
    sub.indices = scripts.indices;
    for (const auto& cfg : r.runs) {
        sub.runs.push_back(cfg.runName());
    }
    sub.submitted_at = utcNowIso();
    appendSlurmSubmission(r.out, sub);
    return sub;
}

} // namespace rs
