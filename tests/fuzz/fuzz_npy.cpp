// A probe array (.npy): the header is trusted for nothing, shape and size included.
#include "core/store/npy.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = rs::fuzz::writeInput(data, size, "array.npy");
    rs::fuzz::refuseOnlyWithUserError([&] {
        std::vector<size_t> shape;
        const auto values = rs::readNpy(path, &shape);
        size_t n = 1;
        for (size_t d : shape) {
            n *= d;
        }
        if (n != values.size()) { // the shape must describe the data returned
            std::abort();
        }
    });
    return 0;
}
