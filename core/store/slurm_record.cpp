#include "core/store/slurm_record.h"

#include "core/store/locks.h"
#include "core/util/error.h"
#include "core/util/files.h"

namespace rs {

Json SlurmSubmission::toJson() const {
    return Json{{"array_job", array_job},
                {"data_job", data_job},
                {"indices", indices},
                {"runs", runs},
                {"submitted_at", submitted_at}};
}

SlurmSubmission SlurmSubmission::fromJson(const Json& j) {
    SlurmSubmission s;
    s.array_job = j.value("array_job", "");
    s.data_job = j.value("data_job", "");
    s.indices = j.value("indices", std::vector<int>{});
    s.runs = j.value("runs", std::vector<std::string>{});
    s.submitted_at = j.value("submitted_at", "");
    return s;
}

std::string SlurmSubmission::jobOf(const std::string& run) const {
    for (size_t i = 0; i < runs.size() && i < indices.size(); ++i) {
        if (runs[i] == run) {
            return array_job + "_" + std::to_string(indices[i]);
        }
    }
    return "";
}

std::vector<SlurmSubmission> readSlurmSubmissions(const std::filesystem::path& experiment) {
    const auto file = SlurmLayout(experiment).submissions();
    std::vector<SlurmSubmission> out;
    if (!std::filesystem::exists(file)) {
        return out;
    }
    const auto j = Json::parse(readFile(file), nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
        throw UserError("'" + file.string() +
                        "' is corrupt; `slurm status` and `slurm cancel` need it (the jobs can "
                        "still be seen with squeue)");
    }
    for (const auto& s : j) {
        out.push_back(SlurmSubmission::fromJson(s));
    }
    return out;
}

void appendSlurmSubmission(const std::filesystem::path& experiment, const SlurmSubmission& s) {
    const auto lock = lockExperimentPlan(experiment);
    auto all = readSlurmSubmissions(experiment);
    all.push_back(s);
    Json j = Json::array();
    for (const auto& x : all) {
        j.push_back(x.toJson());
    }
    writeFileAtomic(SlurmLayout(experiment).submissions(), j.dump(2) + "\n");
}

std::string slurmJobOf(const std::vector<SlurmSubmission>& all, const std::string& run) {
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (auto job = it->jobOf(run); !job.empty()) {
            return job;
        }
    }
    return "";
}

Json SlurmTaskRecord::toJson() const {
    return Json{{"job_id", job_id}, {"array_job", array_job}, {"task_index", task_index},
                {"node", node},     {"restarts", restarts},   {"started", started},
                {"ended", ended},   {"exit_code", exit_code}, {"message", message}};
}

SlurmTaskRecord SlurmTaskRecord::fromJson(const Json& j) {
    SlurmTaskRecord r;
    r.job_id = j.value("job_id", "");
    r.array_job = j.value("array_job", "");
    r.task_index = integerOr(j, "task_index", -1);
    r.node = j.value("node", "");
    r.restarts = integerOr(j, "restarts", 0);
    r.started = j.value("started", "");
    r.ended = j.value("ended", "");
    r.exit_code = integerOr(j, "exit_code", -1);
    r.message = j.value("message", "");
    return r;
}

void writeSlurmTaskRecord(const std::filesystem::path& experiment, const std::string& run,
                          const SlurmTaskRecord& r) {
    const auto file = SlurmLayout(experiment).taskRecord(run);
    createFolder(file.parent_path());
    writeFileAtomic(file, r.toJson().dump(2) + "\n");
}

std::optional<SlurmTaskRecord> readSlurmTaskRecord(const std::filesystem::path& experiment,
                                                   const std::string& run) {
    const auto file = SlurmLayout(experiment).taskRecord(run);
    if (!std::filesystem::exists(file)) {
        return std::nullopt;
    }
    const auto j = Json::parse(readFile(file), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return std::nullopt; // torn by a killed writer on a filesystem without atomic rename
    }
    return SlurmTaskRecord::fromJson(j);
}

} // namespace rs
