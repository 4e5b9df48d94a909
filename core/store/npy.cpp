#include "core/store/npy.h"
#include "core/util/error.h"
#include "core/store/sealed_file.h"

#include <cstring>

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

std::vector<double> readNpy(const std::filesystem::path& path, std::vector<size_t>* shape) {
    const std::string bytes = readSealed(path);
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) {
        throw UserError("'" + path.string() + "' is not a .npy file");
    }
    uint16_t len = 0;
    std::memcpy(&len, bytes.data() + 8, 2);
    const std::string header = bytes.substr(10, len);
    if (header.find("'<f8'") == std::string::npos) {
        throw UserError("'" + path.string() + "' is not float64");
    }
    std::vector<size_t> dims;
    auto open = header.find("'shape': (");
    auto close = header.find(')', open);
    std::string s = header.substr(open + 10, close - open - 10);
    size_t pos = 0;
    while (pos < s.size()) {
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == ',')) {
            ++pos;
        }
        if (pos < s.size()) {
            size_t used = 0;
            dims.push_back(std::stoul(s.substr(pos), &used));
            pos += used;
        }
    }
    size_t count = 1;
    for (auto d : dims) {
        count *= d;
    }
    if (bytes.size() != 10 + len + count * 8) {
        throw UserError("'" + path.string() + "' is truncated");
    }
    std::vector<double> data(count);
    std::memcpy(data.data(), bytes.data() + 10 + len, count * 8);
    if (shape) {
        *shape = dims;
    }
    return data;
}

} // namespace rs
