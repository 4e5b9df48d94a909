// The CSV reader (surgery results read back, tables): RFC 4180 quoting, any bytes.
#include "core/util/csv.h"
#include "tests/fuzz/fuzz_input.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    rs::fuzz::refuseOnlyWithUserError([&] {
        const auto rows = rs::parseCsv(text, "fuzz.csv");
        // What the writer makes of the rows reads back as the same rows.
        std::string again;
        for (const auto& row : rows) {
            again += rs::csvRow(row);
        }
        if (rs::parseCsv(again, "again.csv") != rows) {
            std::abort();
        }
    });
    return 0;
}
