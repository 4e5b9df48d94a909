#pragma once

#include <stdexcept>
#include <string>

namespace rs {

// An error the user can act on: the message names the problem and the fix.
class UserError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A configuration value that fails validation: names the field and the fix.
class ConfigError : public UserError {
  public:
    ConfigError(const std::string& field, const std::string& problem)
        : UserError("config field '" + field + "': " + problem), field_(field) {}
    const std::string& field() const { return field_; }

  private:
    std::string field_;
};

} // namespace rs
