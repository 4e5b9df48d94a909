#pragma once

namespace rsui {

// How a figure that pools seeds draws their spread: the 95 % t interval of the mean (the
// report's, as its claims use), mean ± one standard deviation, min–max, or each seed alone.
enum class SeedBand { Ci95, Sd, MinMax, Seeds };

} // namespace rsui
