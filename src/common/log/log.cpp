#include "common/log/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace onestack::log {

void setup(const LogOptions& options) {
    spdlog::drop("onestack");
    std::shared_ptr<spdlog::logger> logger;
    if (options.file.empty()) {
        logger = spdlog::stderr_logger_mt("onestack");
    } else {
        logger = spdlog::basic_logger_mt("onestack", options.file);
    }
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %t %^%l%$ %v");
    auto level = spdlog::level::from_str(options.level == "warning" ? "warn" : options.level);
    logger->set_level(level);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace onestack::log
