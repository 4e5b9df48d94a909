#include "app/cli/args.h"

#include <sstream>
#include <utility>

namespace rs::cli {

Args::Args(std::string program, std::map<std::string, std::vector<std::string>> values)
    : program_(std::move(program)), values_(std::move(values)) {}

std::optional<std::string> Args::get(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second.back();
}

std::string Args::get(const std::string& key, const std::string& fallback) const {
    return get(key).value_or(fallback);
}

std::string Args::required(const std::string& key) const {
    auto v = get(key);
    if (!v) {
        throw UsageError("missing required option --" + key);
    }
    return *v;
}

long long Args::getInt(const std::string& key, long long fallback) const {
    auto v = get(key);
    if (!v) {
        return fallback;
    }
    try {
        size_t used = 0;
        long long n = std::stoll(*v, &used);
        if (used != v->size()) {
            throw std::invalid_argument(*v);
        }
        return n;
    } catch (const std::exception&) {
        throw UsageError("option --" + key + " expects an integer, got '" + *v + "'");
    }
}

bool Args::flag(const std::string& key) const {
    const auto v = get(key); // "--flag=false" is given, and off
    return v && *v != "false" && *v != "0";
}

std::vector<std::string> Args::all(const std::string& key) const {
    const auto it = values_.find(key);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (!item.empty()) {
            out.push_back(item);
        }
    }
    return out;
}

} // namespace rs::cli
