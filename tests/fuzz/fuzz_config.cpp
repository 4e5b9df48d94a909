// A run config (train --config FILE): parsed and validated as `train` does.
#include "core/config/run_config.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = rs::fuzz::writeInput(data, size, "config.json");
    rs::fuzz::refuseOnlyWithUserError([&] { rs::RunConfig::fromFile(path.string()).validate(); });
    return 0;
}
