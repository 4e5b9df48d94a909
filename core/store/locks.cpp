#include "core/store/locks.h"

#include "core/util/error.h"

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

} // namespace rs
