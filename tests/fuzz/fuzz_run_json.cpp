// A run folder's run.json and status.json (the same bytes as both): what every command that
// opens a run reads first.
#include "core/store/run_dir.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const rs::RunDir run(rs::fuzz::writeInput(data, size, "run/run.json").parent_path());
    rs::fuzz::writeInput(data, size, "run/status.json");
    rs::fuzz::refuseOnlyWithUserError([&] { (void)run.readRunRecord(); });
    rs::fuzz::refuseOnlyWithUserError([&] { (void)run.readStatus(); });
    return 0;
}
