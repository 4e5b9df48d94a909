#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rs {

// Sudden drop (phase transition) versus gradual decay in a PR trajectory.
//
// The trajectory is fitted in log-token space, x = log10(tokens + t_ref) with t_ref the first
// non-zero mark (so token 0 has a place), by three least-squares models:
//   line   y = a + b x                                  (2 parameters)
//   hinge  y = a + b x + c max(0, x - x_k)              (4: a, b, c and the breakpoint)
//   step   y = a + b x + s [x >= x_k]                   (4: a, b, s and the onset)
// and compared by BIC = n ln(SSE'/n) + p ln n, where SSE' = SSE + n (0.01 range(y))^2 is a
// noise floor of 1 % of the trajectory's range (noise-free curves would otherwise make any tiny
// SSE difference decisive). A phase transition is reported when the step model has the lowest
// BIC, beats the better smooth model (line or hinge) by more than 6 (strong evidence on the
// Kass-Raftery scale), and its jump is a drop of at least 10 % of the range. Otherwise the decay
// is called gradual. Needs at least 5 checkpoints.
// The criterion's thresholds, named once: the detector applies them, the claims and the
// report's method text state them.
inline constexpr int kPhaseMinCheckpoints = 5;
inline constexpr double kPhaseNoiseFloor = 0.01; // of the trajectory's range
inline constexpr double kPhaseMinDeltaBic = 6.0;
inline constexpr double kPhaseMinDrop = 0.1; // of the trajectory's range
// Rank/loss coupling: an interval over runs wholly above this says rank falls while loss falls.
inline constexpr double kCouplingTied = 0.5;

struct PhaseTransition {
    bool enough_points = false;
    bool detected = false;
    double onset_tokens = 0.0;  // first checkpoint after the jump
    double before_tokens = 0.0; // last checkpoint before it
    double magnitude = 0.0;     // the jump s (negative: a drop), in the metric's units
    double relative = 0.0;      // |s| / range(y)
    double delta_bic = 0.0;     // BIC(best smooth) - BIC(step); > 6 is the criterion
    std::string best_model;     // "line", "hinge" or "step"
};

PhaseTransition detectPhaseTransition(const std::vector<double>& tokens,
                                      const std::vector<double>& y);

// The better smooth model (line or hinge, by the BIC above) of a trajectory: its fitted values
// and the residual standard deviation sqrt(SSE / (n - p)), the trajectory's observed noise.
struct SmoothFit {
    std::vector<double> fitted;
    double noise_sd = 0.0;
};
SmoothFit fitSmooth(const std::vector<double>& tokens, const std::vector<double>& y);

// The detector's power at this mark spacing: the share of `trials` simulated trajectories
// (`smooth` plus Gaussian noise of `noise_sd`, a drop of `drop` inserted before a random mark
// 1..n-1) in which detectPhaseTransition finds a sudden drop. Seeded, so reproducible.
double dropDetectionPower(const std::vector<double>& tokens, const std::vector<double>& smooth,
                          double noise_sd, double drop, int trials, uint64_t seed);

// The simulated drop: this share of the observed trajectory's range.
inline constexpr double kPowerDrop = 0.2;
inline constexpr int kPowerTrials = 200;

// Do rank drops coincide with loss descent beyond their shared trend? Over consecutive
// checkpoint intervals, the partial correlation of dPR/dlog(t) with dLoss/dlog(t) given the
// interval's log-token midpoint (both slopes are steepest early; a raw correlation would mostly
// measure that). Positive: rank falls faster where the loss falls faster than its trend; near
// zero or negative: not tied. The initialisation interval (from token 0) is left out: its
// slopes are those of leaving the random initialisation, not of training. NaN with fewer than
// four intervals.
double rankLossCoupling(const std::vector<double>& tokens, const std::vector<double>& pr,
                        const std::vector<double>& loss);

} // namespace rs
