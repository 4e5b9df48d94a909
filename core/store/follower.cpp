#include "core/store/follower.h"

#include <fstream>

namespace rs {

MetricsFollower::MetricsFollower(std::filesystem::path file) : file_(std::move(file)) {}

std::vector<MetricLine> MetricsFollower::poll() {
    std::vector<MetricLine> out;
    std::ifstream in(file_, std::ios::binary);
    if (!in) {
        return out;
    }
    in.seekg(0, std::ios::end);
    const auto size = uint64_t(in.tellg());
    if (size < offset_) {
        offset_ = 0; // the file was replaced: start over
        lines_ = 0;
    }
    if (size == offset_) {
        return out;
    }
    in.seekg(std::streamoff(offset_));
    std::string chunk(size - offset_, '\0');
    in.read(chunk.data(), std::streamsize(chunk.size()));
    size_t start = 0;
    while (true) {
        const size_t nl = chunk.find('\n', start);
        if (nl == std::string::npos) {
            break;
        }
        const std::string line = chunk.substr(start, nl - start);
        ++lines_;
        Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!j.is_discarded()) {
            out.push_back({lines_, std::move(j)});
        }
        start = nl + 1;
    }
    offset_ += start;
    return out;
}

} // namespace rs
