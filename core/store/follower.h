#pragma once

#include "core/util/json_fields.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace rs {

// Follows a growing metrics.jsonl written by another process: each poll() returns the records
// completed since the last one. It remembers a byte offset (no inotify), so it also works on
// network filesystems; a line without its newline yet is left for the next poll.
class MetricsFollower {
  public:
    explicit MetricsFollower(std::filesystem::path file);
    std::vector<Json> poll();
    uint64_t offset() const { return offset_; }

  private:
    std::filesystem::path file_;
    uint64_t offset_ = 0;
};

} // namespace rs
