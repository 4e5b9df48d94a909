#include "core/analysis/evidence.h"

#include "core/analysis/effects.h"

namespace rs {

const char* judge(const Evidence& e, double lo, double hi) {
    return lo > e.strong   ? e.strong_verdict
           : hi < e.none   ? e.none_verdict
           : lo > e.chance ? e.partly_verdict
                           : e.unsettled_verdict;
}

std::string ruleText(const Evidence& e) {
    using analysis::num;
    return std::string(e.measure) + " (chance " + num(e.chance) + "): '" + e.strong_verdict +
           "' when it exceeds " + num(e.strong) + ", '" + e.none_verdict + "' below " +
           num(e.none) + ", else '" + e.partly_verdict + "' while above chance and '" +
           e.unsettled_verdict +
           "' when it reaches chance; a cell is judged by its 95 % t "
           "interval over seeds (the lower end must exceed, the upper end stay below)";
}

} // namespace rs
