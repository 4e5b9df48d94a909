#include "app/cli/installed_files.h"

#include "core/util/error.h"

namespace fs = std::filesystem;

namespace rs::cli {

fs::path thisProgram() {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        throw UserError("cannot find this program's path; give --cli PATH");
    }
    return self;
}

fs::path installedDataFile(const fs::path& relative) {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        return {};
    }
    const auto file = self.parent_path().parent_path() / "share" / "rankscope" / relative;
    return fs::exists(file, ec) ? file : fs::path();
}

} // namespace rs::cli
