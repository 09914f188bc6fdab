#pragma once
// Logging setup over spdlog. Code logs with spdlog's free functions
// (spdlog::info(...)); this sets the level, the sink and the line format once.
#include <string>

namespace onestack::log {

struct LogOptions {
    std::string level = "info";  // trace, debug, info, warning, error
    std::string file;            // empty: stderr
};

void setup(const LogOptions& options);

}  // namespace onestack::log
