#pragma once

#include "core/util/json_fields.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace rs {

// The lines of metrics.jsonl, one struct per kind; each is written by toJson and read by
// metricRecordFromJson here, and nowhere else.

struct TrainRecord { // every log_every steps
    int64_t step = 0, tokens = 0;
    double loss = 0.0;
    double tokens_per_s = 0.0;
    int threads = 0; // CPU threads at this step (0: not recorded)
};

struct CheckpointRecord { // at each mark
    int64_t step = 0, tokens = 0;
    double val_loss = 0.0;
    std::optional<double> train_loss; // mean since the previous mark (absent at step 0)
};

struct ProbeRecord { // after the probe of a mark
    int64_t tokens = 0;
    bool valid = true;
    Json mean_pr; // {"q": {"pre": ..}, "k": {..}} (ProbeSummary::meanPRJson)
    double seconds = 0.0;
};

struct ThreadsRecord { // an adaptive change of the CPU thread count
    int64_t step = 0, tokens = 0;
    int from = 0, to = 0;
    std::string reason;
};

struct ResumeRecord { // records after this point, from an interrupted session, are superseded
    int64_t step = 0, tokens = 0;
};

struct DivergedRecord {
    int64_t step = 0, tokens = 0;
};

struct EndRecord { // a session's end; a run's wall time is the sum over its sessions
    std::string state;
    int64_t steps = 0;
    double wall_s = 0.0;
};

using MetricRecord = std::variant<TrainRecord, CheckpointRecord, ProbeRecord, ThreadsRecord,
                                  ResumeRecord, DivergedRecord, EndRecord>;

// The "kind" each record carries in the file.
const char* kindOf(const MetricRecord& r);
Json toJson(const MetricRecord& r);
// nullopt for a kind this version does not know (a newer writer); missing fields read as
// defaults; a field of the wrong type is a UserError (the caller adds file and line).
std::optional<MetricRecord> metricRecordFromJson(const Json& j);

} // namespace rs
