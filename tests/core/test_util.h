#pragma once

#include "core/util/json_fields.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace rs::test {

// An empty scratch folder under the system temp dir, removed first if a previous run left it.
inline std::filesystem::path freshDir(const std::string& name) {
    auto d = std::filesystem::temp_directory_path() / ("rankscope-test-" + name);
    std::filesystem::remove_all(d);
    return d;
}

// The records of one kind in a run's metrics.jsonl, in file order (superseded ones included).
inline std::vector<rs::Json> metricRecords(const std::filesystem::path& run,
                                           const std::string& kind) {
    std::vector<rs::Json> out;
    std::ifstream in(run / "metrics.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        auto j = rs::Json::parse(line);
        if (j.value("kind", "") == kind) {
            out.push_back(j);
        }
    }
    return out;
}

} // namespace rs::test
