#pragma once

#include "core/util/json_fields.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace rs {

// Follows a growing metrics.jsonl written by another process: each poll() returns the records
// completed since the last one. It remembers a byte offset (no inotify), so it also works on
// network filesystems; a line without its newline yet is left for the next poll.
// Lines that are not JSON (a record torn by a crash, then ended by the next writer) are skipped.
struct MetricLine {
    size_t line = 0; // 1-based, for messages
    Json json;
};
class MetricsFollower {
  public:
    explicit MetricsFollower(std::filesystem::path file);
    std::vector<MetricLine> poll();
    uint64_t offset() const { return offset_; }

  private:
    std::filesystem::path file_;
    uint64_t offset_ = 0;
    size_t lines_ = 0; // complete lines before offset_
};

} // namespace rs
