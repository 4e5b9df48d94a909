#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

namespace rs {

// NumPy .npy (format 1.0, little-endian float64, C order): numpy.load reads it as is.
void writeNpy(const std::filesystem::path& path, const std::vector<double>& data,
              const std::vector<size_t>& shape);
// Reads what writeNpy wrote (float64, C order); throws UserError otherwise.
std::vector<double> readNpy(const std::filesystem::path& path, std::vector<size_t>* shape);

} // namespace rs
