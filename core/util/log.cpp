#include "core/util/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace rs {

std::shared_ptr<spdlog::logger> makeRunLogger(const std::string& name,
                                              const std::filesystem::path& file, bool console) {
    std::vector<spdlog::sink_ptr> sinks;
    auto term = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    term->set_level(console ? spdlog::level::info : spdlog::level::warn);
    sinks.push_back(term);
    sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string(), false));
    auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
    logger->flush_on(spdlog::level::info);
    return logger;
}

} // namespace rs
