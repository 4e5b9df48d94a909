#pragma once

#include <filesystem>
#include <string>

namespace rs::test {

// An empty scratch folder under the system temp dir, removed first if a previous run left it.
inline std::filesystem::path freshDir(const std::string& name) {
    auto d = std::filesystem::temp_directory_path() / ("rankscope-test-" + name);
    std::filesystem::remove_all(d);
    return d;
}

} // namespace rs::test
