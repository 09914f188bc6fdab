#pragma once
// The binary's configuration: every service's options registered, the
// --config-file files loaded, state_path made absolute.
#include <memory>
#include <string>
#include <vector>

#include "common/config/config.hpp"

namespace onestack::cmd {

struct Settings {
    config::Registry registry;
    std::unique_ptr<config::Config> conf;
};

// Registers every option the binary knows (also used for the sample file).
void register_all_options(config::Registry& registry);
// Loads files in order (later win) and applies key=value overrides
// ("section.name=value"); creates state_path.
std::unique_ptr<Settings> load_settings(const std::vector<std::string>& config_files,
                                        const std::vector<std::string>& overrides);
void setup_logging(const config::Config& conf);

}  // namespace onestack::cmd
