#include "store/run_dir.h"
#include "util/error.h"
#include "util/files.h"

#include <algorithm>
#include <fstream>

namespace rs {

std::string toString(RunState s) {
    switch (s) {
    case RunState::Queued:
        return "queued";
    case RunState::Running:
        return "running";
    case RunState::Done:
        return "done";
    case RunState::Failed:
        return "failed";
    case RunState::Diverged:
        return "diverged";
    case RunState::Cancelled:
        return "cancelled";
    }
    return "failed";
}

RunState runStateFromString(const std::string& s) {
    for (auto st : {RunState::Queued, RunState::Running, RunState::Done, RunState::Failed,
                    RunState::Diverged, RunState::Cancelled}) {
        if (toString(st) == s) {
            return st;
        }
    }
    throw UserError("unknown run state '" + s + "' in status.json");
}

Json RunStatus::toJson() const {
    return Json{{"state", toString(state)},
                {"tokens_done", tokens_done},
                {"token_budget", token_budget},
                {"last_error", last_error}};
}

RunStatus RunStatus::fromJson(const Json& j) {
    RunStatus s;
    s.state = runStateFromString(j.value("state", "queued"));
    s.tokens_done = j.value("tokens_done", int64_t{0});
    s.token_budget = j.value("token_budget", int64_t{0});
    s.last_error = j.value("last_error", "");
    return s;
}

RunDir::RunDir(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path RunDir::sweepCsv(int64_t tokens) const {
    return root_ / "surgery" / ("ckpt-" + std::to_string(tokens) + "-sweep.csv");
}

std::filesystem::path RunDir::ablationCsv(int64_t tokens) const {
    return root_ / "surgery" / ("ckpt-" + std::to_string(tokens) + "-ablation.csv");
}

std::filesystem::path RunDir::checkpointPath(int64_t tokens) const {
    char name[64];
    std::snprintf(name, sizeof name, "ckpt-%012lld.pt", static_cast<long long>(tokens));
    return checkpointDir() / name;
}

void RunDir::create() {
    std::error_code ec;
    std::filesystem::create_directories(checkpointDir(), ec);
    if (ec) {
        throw UserError("cannot create run directory '" + root_.string() + "': " + ec.message());
    }
}

void RunDir::writeRunJson(const Json& j) const {
    writeFileAtomic(runJson(), j.dump(2) + "\n");
}

Json RunDir::readRunJson() const {
    try {
        return Json::parse(readFile(runJson()));
    } catch (const nlohmann::json::parse_error& e) {
        throw UserError("run.json in '" + root_.string() + "' is not valid JSON: " + e.what());
    }
}

void RunDir::writeStatus(const RunStatus& s) const {
    writeFileAtomic(statusJson(), s.toJson().dump(2) + "\n");
}

std::optional<RunStatus> RunDir::readStatus() const {
    if (!std::filesystem::exists(statusJson())) {
        return std::nullopt;
    }
    return RunStatus::fromJson(Json::parse(readFile(statusJson())));
}

void RunDir::appendMetric(const Json& record) const {
    appendLine(metricsJsonl(), record.dump());
}

std::vector<Json> RunDir::readMetrics() const {
    std::vector<Json> out;
    std::ifstream in(metricsJsonl());
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!j.is_discarded()) {
            out.push_back(std::move(j));
        }
    }
    return out;
}

std::vector<int64_t> RunDir::checkpoints() const {
    std::vector<int64_t> marks;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(checkpointDir(), ec)) {
        auto name = e.path().filename().string();
        if (name.size() == 20 && name.rfind("ckpt-", 0) == 0 && e.path().extension() == ".pt") {
            marks.push_back(std::stoll(name.substr(5, 12)));
        }
    }
    std::sort(marks.begin(), marks.end());
    return marks;
}

} // namespace rs
