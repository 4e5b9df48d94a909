#include "core/data/token_source.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <algorithm>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

namespace rs {

namespace {
constexpr char kMagic[8] = {'R', 'S', 'T', 'O', 'K', '0', '0', '1'};
constexpr size_t kHeader = 32;

std::string hex(uint64_t v) {
    std::ostringstream s;
    s << std::hex << v;
    return s.str();
}

// The largest id of `count` little-endian uint16 ids (the file need not be aligned for uint16).
uint32_t maxId(const unsigned char* p, uint64_t count) {
    uint32_t top = 0;
    for (uint64_t i = 0; i < count; ++i) {
        top = std::max<uint32_t>(top, uint32_t(p[2 * i]) | uint32_t(p[2 * i + 1]) << 8);
    }
    return top;
}
} // namespace

uint64_t fnv1a64(const void* data, size_t bytes) {
    auto p = static_cast<const unsigned char*>(data);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < bytes; ++i) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

MemoryTokenSource::MemoryTokenSource(std::vector<uint16_t> tokens, std::string name)
    : tokens_(std::move(tokens)), name_(std::move(name)) {}

TokenFile::TokenFile(const std::filesystem::path& path) : path_(path) {
    const std::string fix = "; prepare the data again (rankscope-cli data prepare)";
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) {
        throw UserError("cannot open token file '" + path.string() + "': " + std::strerror(errno) +
                        fix);
    }
    struct stat st {};
    ::fstat(fd, &st);
    map_size_ = size_t(st.st_size);
    if (map_size_ < kHeader) {
        ::close(fd);
        throw UserError("token file '" + path.string() + "' is truncated (" +
                        std::to_string(map_size_) + " bytes)" + fix);
    }
    map_ = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map_ == MAP_FAILED) {
        map_ = nullptr;
        throw UserError("cannot map token file '" + path.string() + "'" + fix);
    }
    auto bytes = static_cast<const unsigned char*>(map_);
    uint64_t count = 0;
    uint64_t sum = 0;
    std::memcpy(&count, bytes + 8, 8);
    std::memcpy(&sum, bytes + 16, 8);
    std::memcpy(&vocab_, bytes + 24, 4);
    std::string problem;
    if (std::memcmp(bytes, kMagic, 8) != 0) {
        problem = "is not a RankScope token file (bad magic)";
    } else if ((map_size_ - kHeader) % 2 != 0 || count != (map_size_ - kHeader) / 2) {
        // Compared by division: a huge count would wrap count * 2 around to the file size.
        problem = "is truncated or padded: header says " + std::to_string(count) +
                  " tokens, file holds " + std::to_string((map_size_ - kHeader) / 2);
    } else if (fnv1a64(bytes + kHeader, count * 2) != sum) {
        problem = "fails its checksum (expected " + hex(sum) + "): the file is corrupted";
    } else if (const auto top = maxId(bytes + kHeader, count); count > 0 && top >= vocab_) {
        problem = "holds token id " + std::to_string(top) + ", outside its vocabulary of " +
                  std::to_string(vocab_);
    }
    if (!problem.empty()) {
        ::munmap(map_, map_size_);
        map_ = nullptr;
        throw UserError("token file '" + path.string() + "' " + problem + fix);
    }
    count_ = int64_t(count);
    checksum_ = sum;
    tokens_ = reinterpret_cast<const uint16_t*>(bytes + kHeader);
}

TokenFile::~TokenFile() {
    if (map_) {
        ::munmap(map_, map_size_);
    }
}

void TokenFile::write(const std::filesystem::path& path, const std::vector<uint16_t>& tokens,
                      uint32_t vocab_size) {
    std::string out(kHeader + tokens.size() * 2, '\0');
    uint64_t count = tokens.size();
    uint64_t sum = fnv1a64(tokens.data(), tokens.size() * 2);
    std::memcpy(out.data(), kMagic, 8);
    std::memcpy(out.data() + 8, &count, 8);
    std::memcpy(out.data() + 16, &sum, 8);
    std::memcpy(out.data() + 24, &vocab_size, 4);
    std::memcpy(out.data() + kHeader, tokens.data(), tokens.size() * 2);
    writeFileAtomic(path, out);
}

} // namespace rs
