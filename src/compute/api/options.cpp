#include "compute/api/options.hpp"

#include "common/runtime/common_options.hpp"

namespace onestack::compute::api {

using config::OptionDef;
using config::Type;

namespace {

struct QuotaOption {
    const char* name;
    int QuotaDefaults::*field;
    const char* help;
};

const QuotaOption kQuotas[] = {
    {"instances", &QuotaDefaults::instances, "Instances a project may have."},
    {"cores", &QuotaDefaults::cores, "Instance cores (VCPUs) a project may use."},
    {"ram", &QuotaDefaults::ram, "Megabytes of instance RAM a project may use."},
    {"metadata_items", &QuotaDefaults::metadata_items, "Metadata items per server."},
    {"key_pairs", &QuotaDefaults::key_pairs, "Key pairs per user."},
    {"server_groups", &QuotaDefaults::server_groups, "Server groups per project."},
    {"server_group_members", &QuotaDefaults::server_group_members, "Servers per server group."},
    {"injected_files", &QuotaDefaults::injected_files, "Injected files per server."},
    {"injected_file_content_bytes", &QuotaDefaults::injected_file_content_bytes,
     "Bytes per injected file."},
    {"injected_file_path_length", &QuotaDefaults::injected_file_path_length,
     "Characters in an injected file's path."},
};

}  // namespace

void register_options(config::Registry& r) {
    // nova's [oslo_middleware] max_request_body_size default.
    runtime::register_listen_options(r, kSection, 8774, 114688);
    runtime::register_service_auth_options(r, kSection, "nova");
    std::vector<OptionDef> defs = {
        {.section = kSection,
         .name = "policy_file",
         .type = Type::String,
         .default_value = "",
         .help = "YAML file overriding the compute API's default policy rules."},
        {.section = kSection,
         .name = "max_limit",
         .type = Type::Int,
         .default_value = "1000",
         .help = "Largest page a list request returns ([api] max_limit upstream).",
         .min = 1},
        {.section = kSection,
         .name = "image_url",
         .type = Type::String,
         .default_value = "http://127.0.0.1:9292",
         .help = "The image service's endpoint, asked with the caller's token for imageRef "
                 "and createImage."},
        {.section = kSection,
         .name = "default_availability_zone",
         .type = Type::String,
         .default_value = "nova",
         .help = "Availability zone of hosts in no zone-bearing aggregate."},
        {.section = kSection,
         .name = "service_down_time",
         .type = Type::Int,
         .default_value = "60",
         .help = "Seconds since a service's last heartbeat after which it is shown as down.",
         .min = 1},
    };
    QuotaDefaults d;
    for (const auto& q : kQuotas) {
        defs.push_back({.section = "quota",
                        .name = q.name,
                        .type = Type::Int,
                        .default_value = std::to_string(d.*q.field),
                        .help = std::string(q.help) + " -1 is unlimited.",
                        .min = -1});
    }
    r.add(defs);
}

ApiOptions options_from(const config::Config& conf) {
    ApiOptions o;
    o.policy_file = conf.get_string(kSection, "policy_file");
    o.max_limit = static_cast<std::size_t>(conf.get_int(kSection, "max_limit"));
    o.image_url = conf.get_string(kSection, "image_url");
    o.default_availability_zone = conf.get_string(kSection, "default_availability_zone");
    o.service_down_time = static_cast<int>(conf.get_int(kSection, "service_down_time"));
    o.task_deadline = static_cast<int>(conf.get_int("compute", "task_deadline"));
    for (const auto& q : kQuotas) {
        o.quota.*q.field = static_cast<int>(conf.get_int("quota", q.name));
    }
    return o;
}

}  // namespace onestack::compute::api
