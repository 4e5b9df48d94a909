#include "core/util/json_fields.h"

namespace rs {

JsonFields::JsonFields(const Json& j, std::string context) : j_(j), context_(std::move(context)) {
    if (!j_.is_object()) {
        throw ConfigError(context_.empty() ? "(root)" : context_,
                          "must be a JSON object, got " + std::string(j_.type_name()));
    }
}

const Json* JsonFields::sub(const std::string& key) {
    seen_.insert(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
}

void JsonFields::finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
        if (!seen_.count(it.key())) {
            throw ConfigError(context_ + it.key(),
                              "unknown key; remove it or check its spelling against the preset");
        }
    }
}

} // namespace rs
