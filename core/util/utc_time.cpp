#include "core/util/utc_time.h"

#include <ctime>

namespace rs {

std::string utcNowIso() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm); // the reentrant form: runs at once stamp from several threads
    char buf[32] = "";
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace rs
