#include "core/config/config_diff.h"

#include <map>

namespace rs {

namespace {

// Every leaf of a JSON object by dotted path; arrays are compared whole.
void flatten(const Json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            flatten(*it, prefix.empty() ? it.key() : prefix + "." + it.key(), out);
        }
        return;
    }
    out[prefix] = j.dump();
}

} // namespace

std::vector<ConfigDifference> jsonDiff(const Json& a, const Json& b) {
    std::map<std::string, std::string> fa, fb;
    flatten(a, "", fa);
    flatten(b, "", fb);
    std::map<std::string, std::pair<std::string, std::string>> both;
    for (const auto& [k, v] : fa) {
        both[k].first = v;
    }
    for (const auto& [k, v] : fb) {
        both[k].second = v;
    }
    std::vector<ConfigDifference> out;
    for (const auto& [k, v] : both) {
        const bool inA = fa.count(k) > 0, inB = fb.count(k) > 0;
        if (inA != inB || v.first != v.second) {
            out.push_back({k, v.first, v.second});
        }
    }
    return out;
}

std::vector<ConfigDifference> configDiff(const RunConfig& a, const RunConfig& b) {
    return jsonDiff(a.toJson(), b.toJson());
}

} // namespace rs
