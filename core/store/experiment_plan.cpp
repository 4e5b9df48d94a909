#include "core/store/experiment_plan.h"

#include "core/store/locks.h"
#include "core/store/run_dir.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/shell.h"

#include <algorithm>

namespace rs {

namespace {

Json planToJson(const ExperimentPlan& plan) {
    Json configs = Json::object();
    for (const auto& [name, cfg] : plan.configs) {
        configs[name] = cfg.toJson();
    }
    return Json{{"preset", plan.preset}, {"runs", plan.runs}, {"configs", configs}};
}

ExperimentPlan planFromJson(const Json& j) {
    ExperimentPlan plan;
    plan.preset = j.value("preset", "");
    for (const auto& n : j.at("runs")) {
        plan.runs.push_back(n.get<std::string>());
    }
    const Json configs = j.value("configs", Json::object());
    for (const auto& [name, cfg] : configs.items()) {
        plan.configs[name] = RunConfig::fromJson(cfg);
    }
    return plan;
}

void queueNewRuns(const std::filesystem::path& out, const std::vector<RunConfig>& runs) {
    for (const auto& cfg : runs) {
        RunDir rd(out / cfg.runName());
        if (!rd.readStatus()) {
            rd.create();
            RunStatus queued;
            queued.token_budget = cfg.train.totalSteps() * cfg.train.tokensPerStep();
            rd.writeStatus(queued);
        }
    }
}

} // namespace

ExperimentPlan writeExperimentPlan(const std::filesystem::path& out, const std::string& preset,
                                   const std::vector<RunConfig>& runs) {
    for (const auto& cfg : runs) {
        if (!isSafeName(cfg.runName())) {
            throw UserError("run name '" + cfg.runName() +
                            "' may only hold letters, digits, '_', '.' and '-'; rename the cell");
        }
    }
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) {
        throw UserError("cannot create experiment folder '" + out.string() + "': " + ec.message() +
                        "; choose a writable folder");
    }
    const auto lock = lockExperimentPlan(out);
    ExperimentPlan plan;
    plan.preset = preset;
    const auto file = ExperimentLayout(out).experimentJson();
    if (std::filesystem::exists(file)) {
        try {
            plan = planFromJson(Json::parse(readFile(file)));
        } catch (const std::exception&) {
            // Unreadable plan: rewritten from the runs below; the run folders stay as they are.
        }
    }
    for (const auto& cfg : runs) {
        const auto name = cfg.runName();
        if (std::find(plan.runs.begin(), plan.runs.end(), name) == plan.runs.end()) {
            plan.runs.push_back(name);
        }
        plan.configs[name] = cfg;
    }
    writeFileAtomic(file, planToJson(plan).dump(2) + "\n");
    queueNewRuns(out, runs);
    return plan;
}

ExperimentPlan readExperimentPlan(const std::filesystem::path& experiment) {
    const auto file = ExperimentLayout(experiment).experimentJson();
    if (!std::filesystem::exists(file)) {
        throw UserError("'" + experiment.string() +
                        "' has no experiment.json; give the folder of `rankscope-cli slurm "
                        "submit --out DIR` or `matrix --out DIR`");
    }
    try {
        return planFromJson(Json::parse(readFile(file)));
    } catch (const UserError&) {
        throw;
    } catch (const std::exception& e) {
        throw UserError("experiment plan '" + file.string() + "' is unreadable (" + e.what() +
                        "); submit the experiment again to rewrite it");
    }
}

RunConfig planEntry(const ExperimentPlan& plan, long long index) {
    if (index < 0 || size_t(index) >= plan.runs.size()) {
        throw UserError("--index " + std::to_string(index) + " is outside the plan's " +
                        std::to_string(plan.runs.size()) + " runs (0.." +
                        std::to_string(long(plan.runs.size()) - 1) + ")");
    }
    const auto& name = plan.runs[size_t(index)];
    const auto it = plan.configs.find(name);
    if (it == plan.configs.end()) {
        throw UserError("entry " + std::to_string(index) + " (" + name +
                        ") of the plan has no config (written by an older version); submit the "
                        "experiment again");
    }
    return it->second;
}

} // namespace rs
