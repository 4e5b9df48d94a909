#pragma once

#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>
#include <string>

namespace rs {

// A logger for one run: the console (unless quiet) plus DIR/train.log.
std::shared_ptr<spdlog::logger> makeRunLogger(const std::string& name,
                                              const std::filesystem::path& file, bool console);

} // namespace rs
