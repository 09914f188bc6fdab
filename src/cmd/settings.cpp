#include "cmd/settings.hpp"

#include <filesystem>

#include "common/log/log.hpp"
#include "common/runtime/common_options.hpp"
#include "compute/api/options.hpp"
#include "compute/database_options.hpp"
#include "compute/manager/options.hpp"
#include "compute/metadata/options.hpp"
#include "identity/options.hpp"
#include "image/options.hpp"
#include "placement/options.hpp"

namespace onestack::cmd {

void register_all_options(config::Registry& registry) {
    runtime::register_common_options(registry);
    identity::register_options(registry);
    placement::register_options(registry);
    image::register_options(registry);
    compute::register_database_options(registry);
    compute::api::register_options(registry);
    compute::register_control_plane_options(registry);
    compute::metadata::register_options(registry);
}

std::unique_ptr<Settings> load_settings(const std::vector<std::string>& config_files,
                                        const std::vector<std::string>& overrides) {
    auto s = std::make_unique<Settings>();
    register_all_options(s->registry);
    s->conf = std::make_unique<config::Config>(s->registry);
    for (const auto& f : config_files) {
        s->conf->load_file(f);
    }
    for (const auto& o : overrides) {
        auto eq = o.find('=');
        auto dot = o.find('.');
        if (eq == std::string::npos || dot == std::string::npos || dot > eq) {
            throw config::ConfigError("override must be section.name=value: " + o);
        }
        s->conf->set(o.substr(0, dot), o.substr(dot + 1, eq - dot - 1), o.substr(eq + 1));
    }
    // Everything below state_path is addressed absolutely from here on.
    std::filesystem::path state = s->conf->get_string("DEFAULT", "state_path");
    std::filesystem::create_directories(state);
    s->conf->set("DEFAULT", "state_path", std::filesystem::canonical(state).string());
    return s;
}

void setup_logging(const config::Config& conf) {
    log::setup({conf.get_string("DEFAULT", "log_level"), conf.get_string("DEFAULT", "log_file")});
}

}  // namespace onestack::cmd
