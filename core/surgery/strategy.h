#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rs {

// The surgery strategies: which key dimensions go first when pruning.
enum class Strategy { Gamma, Svd, Random, WkNorm, Energy };
struct StrategyName {
    Strategy value;
    const char* key;         // as the sweep CSV and the CLI write it
    bool in_default_sweep;   // swept by default (CLI, GUI, main job)
    const char* description; // for --help
};
inline constexpr StrategyName kStrategyNames[] = {
    {Strategy::Gamma, "gamma", true,
     "zero the dimensions with the smallest |gamma| (needs QK-Norm)"},
    {Strategy::Svd, "svd", true, "keep the top singular directions of K on the evaluation batch"},
    {Strategy::Random, "random", true, "zero random dimensions (--draws seeded draws)"},
    {Strategy::WkNorm, "wk_norm", false, "zero the dimensions with the smallest W_k row norms"},
    {Strategy::Energy, "energy", true,
     "zero the dimensions with the smallest energy share of K before the gain on the "
     "evaluation batch (the best axis-aligned choice, per KV head)"}};
const char* key(Strategy s);
std::vector<Strategy> defaultStrategies(); // those with in_default_sweep, in table order
std::optional<Strategy> strategyFromKey(const std::string& key);

} // namespace rs
