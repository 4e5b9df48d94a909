#include "core/store/locks.h"

#include "core/util/error.h"
#include "core/util/utc_time.h"

#include <algorithm>

namespace rs {

namespace {
// Hidden names: no reader of the folder mistakes them for data.
constexpr const char* kExperimentLock = ".experiment.lock";
constexpr const char* kRunLock = ".run.lock";
} // namespace

FileLock lockExperimentPlan(const std::filesystem::path& experiment,
                            std::chrono::milliseconds timeout) {
    return FileLock::acquire(experiment / kExperimentLock, "updating experiment.json", timeout);
}

std::optional<FileLock> tryLockRun(const RunLayout& run, const std::string& purpose) {
    return FileLock::tryAcquire(run.root() / kRunLock, purpose);
}

std::string runHolder(const RunLayout& run) {
    return FileLock::holder(run.root() / kRunLock);
}

bool runProcessGone(const RunLayout& run) {
    return FileLock::holderGone(run.root() / kRunLock);
}

std::filesystem::path moveRunAside(const RunLayout& run) {
    namespace fs = std::filesystem;
    std::string stamp = utcNowIso();
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    auto aside = run.root();
    aside += ".replaced-" + stamp;
    std::error_code ec;
    fs::create_directory(aside, ec);
    if (ec) {
        throw UserError("cannot create '" + aside.string() +
                        "' to move the old run into: " + ec.message());
    }
    for (const auto& e : fs::directory_iterator(run.root())) {
        if (e.path().filename() != kRunLock) {
            fs::rename(e.path(), aside / e.path().filename(), ec);
            if (ec) {
                throw UserError("cannot move '" + e.path().string() + "' to '" + aside.string() +
                                "': " + ec.message());
            }
        }
    }
    return aside;
}

} // namespace rs
