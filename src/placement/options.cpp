#include "placement/options.hpp"

#include "common/runtime/common_options.hpp"

namespace onestack::placement {

using config::OptionDef;
using config::Type;

void register_options(config::Registry& r) {
    runtime::register_listen_options(r, kSection, 8778, 114688);
    runtime::register_service_auth_options(r, kSection, "placement");
    r.add(std::vector<OptionDef>{
        {.section = "placement_database",
         .name = "connection",
         .type = Type::Secret,
         .default_value = "sqlite:///$state_path/placement.db",
         .help = "Placement's database: sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB. "
                 "One placement process owns it: the process keeps an in-memory index of it."},
        {.section = kSection,
         .name = "policy_file",
         .type = Type::String,
         .default_value = "",
         .help = "YAML file overriding placement's default policy rules."},
        {.section = kSection,
         .name = "randomize_allocation_candidates",
         .type = Type::Bool,
         .default_value = "false",
         .help = "Return allocation candidates in random order (and a random sample when "
                 "limit is given) instead of provider creation order."},
        {.section = kSection,
         .name = "incomplete_consumer_project_id",
         .type = Type::String,
         .default_value = "00000000-0000-0000-0000-000000000000",
         .help = "Project recorded for consumers written before microversion 1.8."},
        {.section = kSection,
         .name = "incomplete_consumer_user_id",
         .type = Type::String,
         .default_value = "00000000-0000-0000-0000-000000000000",
         .help = "User recorded for consumers written before microversion 1.8."},
        {.section = kSection,
         .name = "auth_strategy",
         .type = Type::String,
         .default_value = "keystone",
         .help = "keystone: tokens validated by identity. noauth2: the token is "
                 "'user[:project]', 'admin' is an admin (testing only, as upstream).",
         .choices = {"keystone", "noauth2"}},
    });
}

PlacementOptions options_from(const config::Config& conf) {
    PlacementOptions o;
    o.policy_file = conf.get_string(kSection, "policy_file");
    o.randomize_allocation_candidates = conf.get_bool(kSection, "randomize_allocation_candidates");
    o.incomplete_consumer_project_id = conf.get_string(kSection, "incomplete_consumer_project_id");
    o.incomplete_consumer_user_id = conf.get_string(kSection, "incomplete_consumer_user_id");
    o.auth_strategy = conf.get_string(kSection, "auth_strategy");
    return o;
}

std::string database_url(const config::Config& conf) {
    return conf.get_string("placement_database", "connection");
}

}  // namespace onestack::placement
