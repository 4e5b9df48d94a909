#include "core/store/experiment_plan.h"

#include "core/store/run_dir.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <algorithm>

namespace rs {

void writeExperimentPlan(const std::filesystem::path& out, const std::string& preset,
                         const std::vector<RunConfig>& runs) {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) {
        throw UserError("cannot create experiment folder '" + out.string() + "': " + ec.message() +
                        "; choose a writable folder");
    }
    Json experiment = {{"preset", preset}, {"runs", Json::array()}};
    const auto file = out / "experiment.json";
    if (std::filesystem::exists(file)) {
        try {
            experiment = Json::parse(readFile(file));
        } catch (const std::exception&) {
            // Unreadable plan: rewritten from the runs below; the run folders stay as they are.
        }
    }
    auto& names = experiment["runs"];
    for (const auto& cfg : runs) {
        const auto name = cfg.runName();
        if (std::find(names.begin(), names.end(), Json(name)) == names.end()) {
            names.push_back(name);
        }
    }
    writeFileAtomic(file, experiment.dump(2) + "\n");
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

} // namespace rs
