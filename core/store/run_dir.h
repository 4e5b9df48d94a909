#pragma once

#include "core/store/metric_record.h"
#include "core/store/run_layout.h"
#include "core/store/run_record.h"
#include "core/util/json_fields.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rs {

enum class RunState { Queued, Running, Done, Failed, Diverged, Cancelled };
struct RunStateName {
    RunState value;
    const char* key; // as status.json holds it
};
inline constexpr RunStateName kRunStateNames[] = {
    {RunState::Queued, "queued"},     {RunState::Running, "running"},
    {RunState::Done, "done"},         {RunState::Failed, "failed"},
    {RunState::Diverged, "diverged"}, {RunState::Cancelled, "cancelled"}};
std::string toString(RunState s);
RunState runStateFromString(const std::string& s); // UserError for an unknown state

struct RunStatus {
    RunState state = RunState::Queued;
    int64_t tokens_done = 0;
    int64_t token_budget = 0;
    std::string last_error;
    Json toJson() const;
    static RunStatus fromJson(const Json& j);
};

// The run folder's readers and writers (paths: RunLayout): run.json and status.json are replaced
// atomically, metrics.jsonl is append-only.
class RunDir : public RunLayout {
  public:
    explicit RunDir(std::filesystem::path root) : RunLayout(std::move(root)) {}

    void create(); // makes the folders
    void writeRunRecord(const RunRecord& r) const;
    RunRecord readRunRecord() const;
    // The file as it stands, for comparing with a run that may come from another version
    // (its config need not parse); UserError when it is not JSON.
    Json readRunJson() const;
    void writeStatus(const RunStatus& s) const;
    std::optional<RunStatus> readStatus() const;
    void appendMetric(const MetricRecord& record) const;
    // Complete records; a torn line (a writer killed mid-append) is skipped, as are kinds this
    // version does not know; a record with a wrong-typed field is a UserError naming the line.
    std::vector<MetricRecord> readMetrics() const;
    // Token marks of the checkpoints present, ascending.
    std::vector<int64_t> checkpoints() const;
    // "TOKENS", "last" or "all" against the checkpoints present; a UserError lists them.
    std::vector<int64_t> selectCheckpoints(const std::string& which) const;
};

} // namespace rs
