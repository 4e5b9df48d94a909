#include "core/data/experiment_data.h"
#include "core/data/data_preparation.h"
#include "core/data/sha256.h"
#include "core/data/token_source.h"
#include "core/util/error.h"
#include "core/util/file_lock.h"
#include "core/util/files.h"

#include <algorithm>

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace rs {

namespace {

uint64_t fnvString(const std::string& s) {
    return fnv1a64(s.data(), s.size());
}

} // namespace

Json tokensBySource(const Json& ranges, const std::vector<int64_t>& starts, int64_t length) {
    Json counts = Json::object();
    for (const auto& r : ranges) {
        const auto b = r.at("begin").get<int64_t>(), e = r.at("end").get<int64_t>();
        int64_t n = 0;
        for (auto s : starts) {
            n += std::max<int64_t>(0, std::min(e, s + length) - std::max(b, s));
        }
        const auto name = r.at("source").get<std::string>();
        if (n > 0) {
            counts[name] = counts.value(name, int64_t(0)) + n;
        }
    }
    return counts;
}

std::string documentSplit(const Document& doc, uint64_t seed) {
    const uint64_t h = fnvString(doc.source + "/" + doc.id + "/" + std::to_string(seed)) % 100;
    return h < 90 ? "train" : h < 94 ? "val" : h < 98 ? "test" : "eval";
}

bool experimentDataReady(const fs::path& dir, int64_t vocab_size) {
    try {
        return readDataManifest(dir)["request"]["vocab_size"].get<int64_t>() == vocab_size;
    } catch (const std::exception&) {
        return false; // missing, incomplete, corrupt or from an older layout
    }
}

Json readDataManifest(const fs::path& dir) {
    const auto path = dir / "manifest.json";
    if (!fs::exists(path)) {
        throw UserError("no prepared data in '" + dir.string() +
                        "' (manifest.json missing); run `rankscope-cli data prepare --out " +
                        dir.string() + "`");
    }
    auto j = Json::parse(readFile(path), nullptr, false);
    if (j.is_discarded() || !j.value("complete", false)) {
        throw UserError("prepared data in '" + dir.string() +
                        "' is incomplete or corrupt; run `rankscope-cli data prepare` again");
    }
    return j;
}

Json prepareExperimentData(const PrepareOptions& opt) {
    std::error_code ec;
    fs::create_directories(opt.out_dir, ec);
    if (ec) {
        throw UserError("cannot create the data folder '" + opt.out_dir.string() +
                        "': " + ec.message() + "; choose a writable folder (--out or --data)");
    }
    // Two processes preparing one folder (two matrix commands, a cluster's data job and a
    // command on the login node): the second waits, then reuses the first one's result.
    const auto lock = FileLock::acquire(opt.out_dir / ".prepare.lock", "preparing the corpora",
                                        std::chrono::hours(3));
    return DataPreparation(opt).run();
}

} // namespace rs
