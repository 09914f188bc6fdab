#include "compute/database_options.hpp"

namespace onestack::compute {

void register_database_options(config::Registry& r) {
    r.add(std::vector<config::OptionDef>{
        {.section = "compute_database",
         .name = "connection",
         .type = config::Type::Secret,
         .default_value = "sqlite:///$state_path/compute.db",
         .help = "Compute's database (instances, flavors, services, ...): sqlite:///PATH or "
                 "postgresql://USER:PASS@HOST:PORT/DB."},
    });
}

std::string database_url(const config::Config& conf) {
    return conf.get_string("compute_database", "connection");
}

}  // namespace onestack::compute
