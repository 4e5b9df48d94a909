// A probe's summary.json, as figures, report and the workbench read it.
#include "core/store/probe_record.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const rs::RunLayout run(rs::fuzz::writeInput(nullptr, 0, "run/run.json").parent_path());
    const int64_t tokens = 1024;
    rs::fuzz::writeInput(data, size,
                         std::filesystem::relative(run.probeSummary(tokens), run.root()));
    rs::fuzz::refuseOnlyWithUserError([&] {
        const auto summary = rs::readProbeSummary(run, tokens);
        (void)summary.meanPRJson();
    });
    return 0;
}
