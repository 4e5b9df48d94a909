#pragma once

#include "core/analysis/effects.h"
#include "core/analysis/trajectory.h"
#include "core/store/experiment.h"

#include <limits>
#include <string>
#include <vector>

namespace rs {

// How each run's trajectory falls: a sudden drop (phase transition) or a gradual decay, and
// whether the rank falls while the loss falls (trajectory.h), with the sentence that sums them up.
struct RunDynamics {
    std::string run, cell;
    PhaseTransition transition;
    double coupling = std::numeric_limits<double>::quiet_NaN();
    // The detector's power on this run: share of simulated drops of kPowerDrop × range found.
    double power = std::numeric_limits<double>::quiet_NaN();
};

struct Dynamics {
    std::vector<RunDynamics> runs;
    std::string claim;
};
Dynamics analyzeDynamics(const std::vector<const RunSnapshot*>& runs, const StudyOptions& o);

} // namespace rs
