#include "core/spectral/probe_names.h"

#include "core/util/name_table.h"

namespace rs {

const char* key(QK v) {
    return keyIn(kQKNames, v);
}
const char* key(Tap v) {
    return keyIn(kTapNames, v);
}
const char* key(Metric v) {
    return keyIn(kMetricNames, v);
}
std::optional<QK> qkFromKey(const std::string& k) {
    return valueIn<QK>(kQKNames, k);
}
std::optional<Tap> tapFromKey(const std::string& k) {
    return valueIn<Tap>(kTapNames, k);
}
std::optional<Metric> metricFromKey(const std::string& k) {
    return valueIn<Metric>(kMetricNames, k);
}

} // namespace rs
