#include "app/cli/installed_files.h"

#include "core/util/error.h"

namespace fs = std::filesystem;

namespace rs::cli {

namespace {

// Empty when /proc/self/exe cannot be read.
fs::path selfPath() {
    std::error_code ec;
    auto self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : self;
}

} // namespace

fs::path thisProgram() {
    auto self = selfPath();
    if (self.empty()) {
        throw UserError("cannot find this program's path; give --cli PATH");
    }
    return self;
}

fs::path installedDataFile(const fs::path& relative) {
    const auto self = selfPath();
    if (self.empty()) {
        return {};
    }
    std::error_code ec;
    const auto file = self.parent_path().parent_path() / "share" / "rankscope" / relative;
    return fs::exists(file, ec) ? file : fs::path();
}

} // namespace rs::cli
