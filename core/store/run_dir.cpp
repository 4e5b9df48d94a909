#include "core/store/run_dir.h"
#include "core/store/follower.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/name_table.h"

#include <algorithm>

namespace rs {

std::string toString(RunState s) {
    return keyIn(kRunStateNames, s);
}

RunState runStateFromString(const std::string& s) {
    if (auto state = valueIn<RunState>(kRunStateNames, s)) {
        return *state;
    }
    throw UserError("unknown run state '" + s + "' in status.json (" + keysOf(kRunStateNames) +
                    ")");
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

void RunDir::create() {
    std::error_code ec;
    std::filesystem::create_directories(checkpointDir(), ec);
    if (ec) {
        throw UserError("cannot create run directory '" + root().string() + "': " + ec.message());
    }
}

void RunDir::writeRunRecord(const RunRecord& r) const {
    writeFileAtomic(runJson(), r.toJson().dump(2) + "\n");
}

RunRecord RunDir::readRunRecord() const {
    const Json j = readRunJson();
    try {
        return RunRecord::fromJson(j);
    } catch (const nlohmann::json::exception& e) {
        throw UserError("'" + runJson().string() + "' has a field of the wrong type (" + e.what() +
                        ")");
    } catch (const UserError& e) {
        throw UserError("'" + runJson().string() + "': " + e.what());
    }
}

Json RunDir::readRunJson() const {
    try {
        return Json::parse(readFile(runJson()));
    } catch (const nlohmann::json::exception& e) { // syntax, or a number out of range (1e999)
        throw UserError("run.json in '" + root().string() + "' is not valid JSON: " + e.what());
    }
}

void RunDir::writeStatus(const RunStatus& s) const {
    writeFileAtomic(statusJson(), s.toJson().dump(2) + "\n");
}

std::optional<RunStatus> RunDir::readStatus() const {
    if (!std::filesystem::exists(statusJson())) {
        return std::nullopt;
    }
    try {
        return RunStatus::fromJson(Json::parse(readFile(statusJson())));
    } catch (const nlohmann::json::exception& e) {
        throw UserError("'" + statusJson().string() + "' is not a run status (" + e.what() + ")");
    }
}

void RunDir::appendMetric(const MetricRecord& record) const {
    appendLine(metricsJsonl(), toJson(record).dump());
}

std::vector<MetricRecord> RunDir::readMetrics() const {
    std::vector<MetricRecord> out;
    for (const auto& line : MetricsFollower(metricsJsonl()).poll()) {
        try {
            if (auto r = metricRecordFromJson(line.json)) {
                out.push_back(std::move(*r));
            }
        } catch (const UserError& e) {
            throw UserError(metricsJsonl().string() + " line " + std::to_string(line.line) + ": " +
                            e.what() + "; correct or delete that line");
        }
    }
    return out;
}

std::vector<int64_t> RunDir::checkpoints() const {
    std::vector<int64_t> marks;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(checkpointDir(), ec)) {
        if (auto t = checkpointTokens(e.path().filename().string())) {
            marks.push_back(*t);
        }
    }
    std::sort(marks.begin(), marks.end());
    return marks;
}

std::vector<int64_t> RunDir::selectCheckpoints(const std::string& which) const {
    const auto marks = checkpoints();
    if (marks.empty()) {
        throw UserError("run '" + root().string() + "' has no checkpoints yet");
    }
    if (which == "all") {
        return marks;
    }
    if (which == "last") {
        return {marks.back()};
    }
    int64_t t = -1;
    try {
        t = std::stoll(which);
    } catch (const std::exception&) {
    }
    if (std::find(marks.begin(), marks.end(), t) == marks.end()) {
        throw UserError("no checkpoint at '" + which + "' tokens in '" + root().string() +
                        "'; present: " + Json(marks).dump() + " (or last, all)");
    }
    return {t};
}

} // namespace rs
