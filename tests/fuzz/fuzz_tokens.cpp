// A prepared token file (.tok), memory-mapped for training: every id it hands out is read, and
// each must lie inside the vocabulary the file declares (the model's embedding has that size).
#include "core/data/token_source.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = rs::fuzz::writeInput(data, size, "train.tok");
    rs::fuzz::refuseOnlyWithUserError([&] {
        const rs::TokenFile tokens(path);
        for (int64_t i = 0; i < tokens.size(); ++i) {
            if (tokens.data()[i] >= tokens.vocabSize()) {
                std::abort();
            }
        }
    });
    return 0;
}
