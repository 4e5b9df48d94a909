#pragma once

#include <string>

namespace rs {

// Hex SHA-256 of a byte string (FIPS 180-4); used for data-manifest and eval-batch hashes.
std::string sha256Hex(const std::string& data);

} // namespace rs
