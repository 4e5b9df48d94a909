#pragma once

#include <string>

namespace rs {

// Now in UTC as ISO 8601 to the second ("2026-11-30T14:10:08Z"): the time stamps of run
// records, lock holders and cluster submissions.
std::string utcNowIso();

} // namespace rs
