#pragma once

#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>
#include <string>

namespace rs {

// A logger for one run: DIR/train.log gets everything; the console gets everything when
// `console` is set, and warnings and errors otherwise (a reference-BLAS warning must be seen).
std::shared_ptr<spdlog::logger> makeRunLogger(const std::string& name,
                                              const std::filesystem::path& file, bool console);

} // namespace rs
