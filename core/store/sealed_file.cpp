#include "core/store/sealed_file.h"
#include "core/data/sha256.h"
#include "core/util/error.h"
#include "core/util/files.h"

namespace rs {

namespace fs = std::filesystem;

fs::path sealPath(const fs::path& file) {
    auto p = file;
    p += ".sha256";
    return p;
}

void writeSealed(const fs::path& path, const std::string& bytes) {
    std::error_code ec;
    fs::remove(sealPath(path), ec); // from here the old file reads unverified, never mismatched
    writeFileAtomic(path, bytes);
    writeFileAtomic(sealPath(path), sha256Hex(bytes) + "  " + path.filename().string() + "\n");
}

std::string readSealed(const fs::path& path) {
    if (!fs::exists(path)) {
        throw UserError("'" + path.string() + "' does not exist");
    }
    std::string bytes = readFile(path);
    const auto seal = sealPath(path);
    if (!fs::exists(seal)) {
        return bytes;
    }
    const std::string recorded = readFile(seal).substr(0, 64);
    if (recorded != sha256Hex(bytes)) {
        throw UserError("'" + path.string() + "' is damaged: its SHA-256 differs from the one " +
                        "recorded when it was written (" + seal.filename().string() +
                        "); restore it from a copy, or delete it and its .sha256 so that it is " +
                        "computed again");
    }
    return bytes;
}

void removeSealed(const fs::path& path) {
    std::error_code ec;
    fs::remove(sealPath(path), ec);
    fs::remove(path, ec);
}

} // namespace rs
