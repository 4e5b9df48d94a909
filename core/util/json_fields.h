#pragma once

#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <type_traits>
#include <string>

namespace rs {

using Json = nlohmann::json;

// v as a T when it is a number with a whole value in T's range (64 and 64.0; not 64.7, -1 for
// an unsigned T, or 1e24 for an int), else nullopt.
template <typename T> std::optional<T> wholeNumberIn(const Json& v) {
    const bool whole = v.is_number_integer() ||
                       (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>());
    if (!whole) {
        return std::nullopt;
    }
    using Limits = std::numeric_limits<T>;
    const long double x = v.is_number_unsigned()  ? (long double)v.get<uint64_t>()
                          : v.is_number_integer() ? (long double)v.get<int64_t>()
                                                  : (long double)v.get<double>();
    if (x < (long double)Limits::lowest() || x > (long double)Limits::max()) {
        return std::nullopt;
    }
    return T(x);
}

// j[key] as an integer of type T, `fallback` when absent. A value that is not an integer in T's
// range is a UserError naming the key: json's own conversion (j.value(key, 0)) of 1e24 to int
// is undefined behaviour, and of 3.7 a silent 3.
template <typename T> T integerOr(const Json& j, const char* key, T fallback) {
    const auto it = j.find(key);
    if (it == j.end()) {
        return fallback;
    }
    const auto n = it->is_number_integer() ? wholeNumberIn<T>(*it) : std::nullopt;
    if (!n) {
        using Limits = std::numeric_limits<T>;
        throw UserError("field '" + std::string(key) + "' must be a whole number between " +
                        std::to_string(Limits::min()) + " and " + std::to_string(Limits::max()) +
                        ", not " + it->dump());
    }
    return *n;
}

// Strict reader for one JSON object: every key it does not consume is an error, so a
// misspelt field never silently falls back to a default.
class JsonFields {
  public:
    JsonFields(const Json& j, std::string context);

    template <typename T> void get(const std::string& key, T& out) {
        seen_.insert(key);
        auto it = j_.find(key);
        if (it == j_.end()) {
            return;
        }
        try {
            if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
                out = wholeNumber<T>(key, *it);
            } else {
                out = it->template get<T>();
            }
        } catch (const nlohmann::json::exception&) {
            throw ConfigError(context_ + key, "has the wrong type (" +
                                                  std::string(it->type_name()) +
                                                  "); see the preset files for the expected form");
        }
    }
    const Json* sub(const std::string& key);
    // The field's full name in messages ("train.optimizer").
    std::string path(const std::string& key) const { return context_ + key; }
    // Throws ConfigError naming the first unknown key.
    void finish() const;

  private:
    // An integer field takes only a whole number in T's range: 64.7 is not 64, and -1 is not a
    // huge unsigned number.
    template <typename T> T wholeNumber(const std::string& key, const Json& v) const {
        if (const auto n = wholeNumberIn<T>(v)) {
            return *n;
        }
        if (!wholeNumberIn<long double>(v)) {
            throw ConfigError(context_ + key, "must be a whole number, not " + v.dump());
        }
        using Limits = std::numeric_limits<T>;
        throw ConfigError(context_ + key, "must be between " + std::to_string(Limits::min()) +
                                              " and " + std::to_string(Limits::max()) + ", not " +
                                              v.dump());
    }

    const Json& j_;
    std::string context_;
    std::set<std::string> seen_;
};

} // namespace rs
