#pragma once

#include "core/config/choices.h"
#include "core/util/error.h"
#include "core/util/name_table.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rs::cli {

// A mistake in the command line itself (exit 2), as opposed to an error in the work (exit 1).
class UsageError : public UserError {
  public:
    using UserError::UserError;
};

// The parsed options of one command (see command_line.h): values by option name without
// dashes, positional arguments by their name. A value option given twice keeps the last value
// for get() and every value for all().
class Args {
  public:
    Args() = default;
    Args(std::string program, std::map<std::string, std::vector<std::string>> values);
    std::optional<std::string> get(const std::string& key) const;
    std::string get(const std::string& key, const std::string& fallback) const;
    // Throws UsageError naming the option when it was not given.
    std::string required(const std::string& key) const;
    // Throws UsageError when the value is not a whole number.
    long long getInt(const std::string& key, long long fallback) const;
    bool flag(const std::string& key) const;
    // A value from a choice table (core/config/choices.h); UsageError listing the valid names.
    template <ConfigChoice E> E choice(const std::string& key, E fallback) const {
        const auto v = get(key);
        if (!v) {
            return fallback;
        }
        if (const auto value = valueIn<E>(choiceTable(E{}), *v)) {
            return *value;
        }
        throw UsageError("--" + key + " must be " + quotedChoices(choiceKeys<E>()) + ", not \"" +
                         *v + "\"");
    }
    std::vector<std::string> all(const std::string& key) const;
    // argv[0]: what Qt's offscreen application is given.
    const std::string& program() const { return program_; }

  private:
    std::string program_;
    std::map<std::string, std::vector<std::string>> values_; // every value, in order
};

std::vector<std::string> splitList(const std::string& s);

} // namespace rs::cli
