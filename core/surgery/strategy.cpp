#include "core/surgery/strategy.h"
#include "core/util/name_table.h"

namespace rs {

const char* key(Strategy s) {
    return keyIn(kStrategyNames, s);
}

std::vector<Strategy> defaultStrategies() {
    std::vector<Strategy> out;
    for (const auto& e : kStrategyNames) {
        if (e.in_default_sweep) {
            out.push_back(e.value);
        }
    }
    return out;
}

std::optional<Strategy> strategyFromKey(const std::string& k) {
    return valueIn<Strategy>(kStrategyNames, k);
}

} // namespace rs
