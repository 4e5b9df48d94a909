#include "app/cli/args.h"
#include "core/util/error.h"

#include <algorithm>
#include <sstream>

namespace rs::cli {

Args::Args(int argc, char** argv, int first, std::vector<std::string> value_keys,
           std::vector<std::string> flag_keys) {
    auto has = [](const std::vector<std::string>& v, const std::string& k) {
        return std::find(v.begin(), v.end(), k) != v.end();
    };
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0) {
            throw UserError("unexpected argument '" + a + "' (see --help)");
        }
        std::string key = a.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = key.find('='); eq != std::string::npos) {
            inline_value = key.substr(eq + 1);
            key.resize(eq);
        }
        if (has(flag_keys, key) && !inline_value) {
            flags_[key] = true;
        } else if (has(value_keys, key)) {
            if (!inline_value && i + 1 >= argc) {
                throw UserError("option --" + key + " needs a value");
            }
            values_[key].push_back(inline_value ? *inline_value : argv[++i]);
        } else if (has(flag_keys, key)) {
            throw UserError("option --" + key + " takes no value");
        } else {
            throw UserError("unknown option --" + key + " (see --help)");
        }
    }
}

std::optional<std::string> Args::get(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second.back());
}

std::string Args::get(const std::string& key, const std::string& fallback) const {
    return get(key).value_or(fallback);
}

std::string Args::required(const std::string& key) const {
    auto v = get(key);
    if (!v) {
        throw UserError("missing required option --" + key + " (see --help)");
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
        throw UserError("option --" + key + " expects an integer, got '" + *v + "'");
    }
}

bool Args::flag(const std::string& key) const {
    return flags_.count(key) > 0;
}

std::vector<std::string> Args::all(const std::string& key) const {
    const auto it = values_.find(key);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

bool helpRequested(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            return true;
        }
    }
    return false;
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
