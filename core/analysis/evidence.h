#pragma once

#include <string>

namespace rs {

// A measure judged against named thresholds: the claims apply them and the report's method
// text states them from the same constants. One run is judged by its value; a cell by the 95 %
// t interval over its seeds (its lower end must clear `strong`, its upper end stay below
// `none`), so a verdict is never stronger than the spread of the seeds allows.
struct Evidence {
    const char* measure; // what is measured, in the method text's words
    double chance;       // its value when gamma tells nothing about use
    double strong;       // above: `strong_verdict`
    double none;         // below: `none_verdict`
    const char* strong_verdict;
    const char* none_verdict;
    const char* partly_verdict;    // above chance, short of `strong`
    const char* unsettled_verdict; // an interval that reaches chance
};

// Spearman ρ(|γ|, loss increase when that key dimension alone is zeroed): the direct test.
inline constexpr Evidence kAblationEvidence{
    "Spearman ρ(|γ|, loss increase when that key dimension alone is zeroed; the zeroed term is "
    "γⱼ·x̂ⱼ, so the increase scales with |γⱼ| by construction)",
    0.0,
    0.5,
    0.2,
    "gamma ranks key dimensions by their use",
    "gamma does not rank key dimensions by their use",
    "gamma ranks key dimensions by use, but only partly",
    "whether gamma ranks key dimensions by use is not settled"};

// Overlap of the half of the axes with the smallest |γ| with the bottom half of the pre-gain
// K's singular subspace (chance: 0.5): the verdict when no ablation was run.
inline constexpr Evidence kOverlapEvidence{
    "overlap of the 50 % smallest-|γ| axes with the bottom half of the pre-gain K's singular "
    "subspace",
    0.5,
    0.7,
    0.55,
    "gamma's small axes lie in K's weak directions",
    "gamma's small axes are no closer to K's weak directions than chance allows",
    "gamma's small axes lean towards K's weak directions",
    "gamma's small axes are not shown to differ from chance"};

// The verdict on an interval [lo, hi] (one run: lo = hi = its value).
const char* judge(const Evidence& e, double lo, double hi);
// "... is called '<strong>' when above 0.5, '<none>' below 0.2, ...": for the method text.
std::string ruleText(const Evidence& e);

} // namespace rs
