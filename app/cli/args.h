#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rs::cli {

// `--key value`, `--key=value` and `--flag` options after a command name. Unknown options are
// errors; a value option given twice keeps the last value for get() and every value for all().
class Args {
  public:
    Args(int argc, char** argv, int first, std::vector<std::string> value_keys,
         std::vector<std::string> flag_keys);
    std::optional<std::string> get(const std::string& key) const;
    std::string get(const std::string& key, const std::string& fallback) const;
    std::string required(const std::string& key) const;
    long long getInt(const std::string& key, long long fallback) const;
    bool flag(const std::string& key) const;
    std::vector<std::string> all(const std::string& key) const;

  private:
    std::map<std::string, std::vector<std::string>> values_; // every value, in order
    std::map<std::string, bool> flags_;
};

std::vector<std::string> splitList(const std::string& s);
// True when --help or -h appears among argv[first..].
bool helpRequested(int argc, char** argv, int first);

} // namespace rs::cli
