#include "core/store/npy.h"
#include "core/util/error.h"
#include "core/store/sealed_file.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>

namespace rs {

void writeNpy(const std::filesystem::path& path, const std::vector<double>& data,
              const std::vector<size_t>& shape) {
    size_t count = 1;
    std::string dims;
    for (size_t d : shape) {
        count *= d;
        dims += std::to_string(d) + ", ";
    }
    if (count != data.size()) {
        throw UserError("npy '" + path.string() + "': shape does not match the data");
    }
    if (shape.size() > 1) {
        dims.erase(dims.size() - 2); // "(2, 3)" but "(5,)"
    } else {
        dims.pop_back();
    }
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }";
    const size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1);
    out += char(0);
    const uint16_t len = uint16_t(header.size());
    out.append(reinterpret_cast<const char*>(&len), 2);
    out += header;
    out.append(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(double));
    writeSealed(path, out);
}

namespace {

// The dimensions in "'shape': (2, 3)" (also "(5,)" and "()"), or nullopt when they are not
// plain decimal numbers whose product, in bytes of float64, fits in memory addresses.
std::optional<std::vector<size_t>> parseShape(const std::string& header) {
    const auto open = header.find("'shape': (");
    const auto close = open == std::string::npos ? open : header.find(')', open);
    if (close == std::string::npos) {
        return std::nullopt;
    }
    std::vector<size_t> dims;
    size_t count = 1;
    for (size_t pos = open + 10; pos < close;) {
        if (header[pos] == ' ' || header[pos] == ',') {
            ++pos;
            continue;
        }
        size_t d = 0;
        const auto [end, ec] = std::from_chars(header.data() + pos, header.data() + close, d);
        if (ec != std::errc() || (d != 0 && count > SIZE_MAX / 8 / d)) {
            return std::nullopt;
        }
        count *= d;
        dims.push_back(d);
        pos = size_t(end - header.data());
    }
    return dims;
}

} // namespace

std::vector<double> readNpy(const std::filesystem::path& path, std::vector<size_t>* shape) {
    const std::string bytes = readSealed(path);
    const std::string what = "'" + path.string() + "' ";
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) {
        throw UserError(what + "is not a .npy file");
    }
    uint16_t len = 0;
    std::memcpy(&len, bytes.data() + 8, 2);
    if (bytes.size() < 10 + size_t(len)) {
        throw UserError(what + "is truncated in its header");
    }
    const std::string header = bytes.substr(10, len);
    if (header.find("'descr': '<f8'") == std::string::npos ||
        header.find("'fortran_order': False") == std::string::npos) {
        throw UserError(what + "is not a little-endian float64 array in C order");
    }
    const auto dims = parseShape(header);
    if (!dims) {
        throw UserError(what + "has no valid shape in its header");
    }
    size_t count = 1;
    for (auto d : *dims) {
        count *= d;
    }
    if (bytes.size() - 10 - len != count * 8) {
        throw UserError(what + "is truncated: its shape needs " + std::to_string(count * 8) +
                        " bytes of data, it holds " + std::to_string(bytes.size() - 10 - len));
    }
    std::vector<double> data(count);
    if (count > 0) { // memcpy wants a valid pointer even for zero bytes
        std::memcpy(data.data(), bytes.data() + 10 + len, count * 8);
    }
    if (shape) {
        *shape = *dims;
    }
    return data;
}

} // namespace rs
