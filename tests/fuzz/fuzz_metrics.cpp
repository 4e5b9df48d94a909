// metrics.jsonl: read whole (RunDir::readMetrics, for export and probe) and followed line by
// line as the workbench and the report do (MetricsFollower + metricRecordFromJson).
#include "core/store/follower.h"
#include "core/store/metric_record.h"
#include "core/store/run_dir.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = rs::fuzz::writeInput(data, size, "run/metrics.jsonl");
    rs::fuzz::refuseOnlyWithUserError([&] { (void)rs::RunDir(path.parent_path()).readMetrics(); });
    rs::MetricsFollower follower(path);
    for (const auto& line : follower.poll()) {
        rs::fuzz::refuseOnlyWithUserError([&] { (void)rs::metricRecordFromJson(line.json); });
    }
    return 0;
}
