#pragma once

#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace rs {

using Json = nlohmann::json;

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
            out = it->template get<T>();
        } catch (const nlohmann::json::exception&) {
            throw ConfigError(context_ + key, "has the wrong type (" +
                                                  std::string(it->type_name()) +
                                                  "); see the preset files for the expected form");
        }
    }
    const Json* sub(const std::string& key);
    // Throws ConfigError naming the first unknown key.
    void finish() const;

  private:
    const Json& j_;
    std::string context_;
    std::set<std::string> seen_;
};

} // namespace rs
