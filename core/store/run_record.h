#pragma once

#include "core/config/run_config.h"
#include "core/util/json_fields.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs {

// run.json: what a run is (its config) and where it came from (provenance). Written once per
// training session by the trainer, read by the follower, the report and the surgery.
struct RunRecord {
    RunConfig config;
    std::string name, cell, preset;
    uint64_t seed = 0;
    int64_t parameters = 0;
    std::vector<int64_t> checkpoint_marks;
    // Open-ended provenance, kept as recorded: the runtime (device, threads, precision, BLAS)
    // and the data (paths, checksums, manifest sources, windows by source).
    Json runtime = Json::object();
    Json data = Json::object();
    std::string rankscope_version, libtorch_version, compiler;
    std::string started; // UTC, ISO 8601: the first session's start
    std::string lr_note;

    std::string device() const; // runtime.device, empty when not recorded
    Json toJson() const;
    // Throws UserError (ConfigError for the config) when the file is not a run record.
    static RunRecord fromJson(const Json& j);
};

} // namespace rs
