#pragma once

#include "util/json_fields.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rs {

enum class RunState { Queued, Running, Done, Failed, Diverged, Cancelled };
std::string toString(RunState s);
RunState runStateFromString(const std::string& s);

struct RunStatus {
    RunState state = RunState::Queued;
    int64_t tokens_done = 0;
    int64_t token_budget = 0;
    std::string last_error;
    Json toJson() const;
    static RunStatus fromJson(const Json& j);
};

// One run directory: run.json (config + provenance), status.json (replaced atomically),
// metrics.jsonl (append-only), checkpoints/, train.log.
class RunDir {
  public:
    explicit RunDir(std::filesystem::path root);
    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path runJson() const { return root_ / "run.json"; }
    std::filesystem::path statusJson() const { return root_ / "status.json"; }
    std::filesystem::path metricsJsonl() const { return root_ / "metrics.jsonl"; }
    std::filesystem::path logFile() const { return root_ / "train.log"; }
    std::filesystem::path checkpointDir() const { return root_ / "checkpoints"; }
    std::filesystem::path checkpointPath(int64_t tokens) const;
    // surgery/ckpt-<tokens>-sweep.csv and surgery/ckpt-<tokens>-ablation.csv
    std::filesystem::path sweepCsv(int64_t tokens) const;
    std::filesystem::path ablationCsv(int64_t tokens) const;

    void create(); // makes the folders
    void writeRunJson(const Json& j) const;
    Json readRunJson() const;
    void writeStatus(const RunStatus& s) const;
    std::optional<RunStatus> readStatus() const;
    void appendMetric(const Json& record) const;
    // Complete records; a torn last line (a writer killed mid-append) is skipped.
    std::vector<Json> readMetrics() const;
    // Token marks of the checkpoints present, ascending.
    std::vector<int64_t> checkpoints() const;

  private:
    std::filesystem::path root_;
};

} // namespace rs
