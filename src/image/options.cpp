#include "image/options.hpp"

#include <cctype>
#include <stdexcept>

#include "common/runtime/common_options.hpp"

namespace onestack::image {

using config::OptionDef;
using config::Type;

namespace {

// glance/common/config.py user_storage_quota: an integer with an optional
// B/KB/MB/GB/TB suffix, powers of 1024.
std::uint64_t parse_byte_size(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        ++i;
    }
    if (i == 0) {
        throw config::ConfigError("user_storage_quota: not a size: " + text);
    }
    std::uint64_t n = std::stoull(text.substr(0, i));
    std::string unit = text.substr(i);
    for (auto& c : unit) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const std::pair<const char*, int> units[] = {{"", 0},   {"B", 0},  {"KB", 1},
                                                 {"MB", 2}, {"GB", 3}, {"TB", 4}};
    for (const auto& [name, power] : units) {
        if (unit == name) {
            for (int p = 0; p < power; ++p) {
                n *= 1024;
            }
            return n;
        }
    }
    throw config::ConfigError("user_storage_quota: unknown unit in " + text);
}

}  // namespace

void register_options(config::Registry& r) {
    // oslo.middleware sizelimit: max_request_body_size = 114688 (image data streams past it).
    runtime::register_listen_options(r, kSection, 9292, 114688);
    runtime::register_service_auth_options(r, kSection, "glance");
    r.add(std::vector<OptionDef>{
        {.section = "image_database",
         .name = "connection",
         .type = Type::Secret,
         .default_value = "sqlite:///$state_path/image.db",
         .help = "Image's database: sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB."},
        {.section = kSection,
         .name = "policy_file",
         .type = Type::String,
         .default_value = "",
         .help = "YAML file overriding the image service's default policy rules."},
        {.section = kSection,
         .name = "image_size_cap",
         .type = Type::Int,
         .default_value = "1099511627776",
         .help = "Largest image accepted, in bytes (413 above it).",
         .min = 1},
        {.section = kSection,
         .name = "user_storage_quota",
         .type = Type::String,
         .default_value = "0",
         .help = "Bytes of image data a project may store (B, KB, MB, GB, TB suffixes); 0 "
                 "is unlimited."},
        {.section = kSection,
         .name = "image_count_quota",
         .type = Type::Int,
         .default_value = "-1",
         .help = "Images a project may own; -1 is unlimited.",
         .min = -1},
        {.section = kSection,
         .name = "image_property_quota",
         .type = Type::Int,
         .default_value = "128",
         .help = "Additional properties an image may have; -1 is unlimited.",
         .min = -1},
        {.section = kSection,
         .name = "image_tag_quota",
         .type = Type::Int,
         .default_value = "128",
         .help = "Tags an image may have; -1 is unlimited.",
         .min = -1},
        {.section = kSection,
         .name = "image_member_quota",
         .type = Type::Int,
         .default_value = "128",
         .help = "Members an image may have; -1 is unlimited.",
         .min = -1},
        {.section = kSection,
         .name = "limit_param_default",
         .type = Type::Int,
         .default_value = "25",
         .help = "Page size of a list request that names no limit.",
         .min = 1},
        {.section = kSection,
         .name = "api_limit_max",
         .type = Type::Int,
         .default_value = "1000",
         .help = "Largest page a list request returns.",
         .min = 1},
        {.section = kSection,
         .name = "enabled_import_methods",
         .type = Type::List,
         .default_value = "glance-direct,copy-image",
         .help = "Interoperable import methods offered. web-download is not available: "
                 "onestack's image service fetches nothing from outside the cloud.",
         .choices = {}},
        {.section = kSection,
         .name = "enabled_backends",
         .type = Type::List,
         .default_value = "file:file",
         .help = "Stores as id:type pairs (type: file)."},
        {.section = kSection,
         .name = "default_backend",
         .type = Type::String,
         .default_value = "file",
         .help = "The store new image data goes to when the request names none."},
        {.section = kSection,
         .name = "filesystem_store_datadir",
         .type = Type::String,
         .default_value = "$state_path/images",
         .help = "Directory under which each filesystem store keeps its files, in a "
                 "sub-directory named after the store id."},
        {.section = kSection,
         .name = "store_descriptions",
         .type = Type::List,
         .default_value = "",
         .help = "Optional id:description pairs shown by GET /v2/info/stores."},
        {.section = kSection,
         .name = "staging_dir",
         .type = Type::String,
         .default_value = "$state_path/image-staging",
         .help = "Where PUT /v2/images/{id}/stage keeps data until it is imported."},
        {.section = kSection,
         .name = "show_multiple_locations",
         .type = Type::Bool,
         .default_value = "false",
         .help = "Show the 'locations' of an image (hidden by default, as upstream)."},
        {.section = kSection,
         .name = "show_image_direct_url",
         .type = Type::Bool,
         .default_value = "false",
         .help = "Show the 'direct_url' of an image."},
        {.section = kSection,
         .name = "task_time_to_live",
         .type = Type::Int,
         .default_value = "48",
         .help = "Hours a finished task is kept.",
         .min = 1},
    });
}

ImageOptions options_from(const config::Config& conf) {
    ImageOptions o;
    o.policy_file = conf.get_string(kSection, "policy_file");
    o.image_size_cap = static_cast<std::uint64_t>(conf.get_int(kSection, "image_size_cap"));
    o.user_storage_quota = parse_byte_size(conf.get_string(kSection, "user_storage_quota"));
    o.image_count_quota = conf.get_int(kSection, "image_count_quota");
    o.image_property_quota = conf.get_int(kSection, "image_property_quota");
    o.image_tag_quota = conf.get_int(kSection, "image_tag_quota");
    o.image_member_quota = conf.get_int(kSection, "image_member_quota");
    o.limit_param_default = static_cast<std::size_t>(conf.get_int(kSection, "limit_param_default"));
    o.api_limit_max = static_cast<std::size_t>(conf.get_int(kSection, "api_limit_max"));
    o.enabled_import_methods = conf.get_list(kSection, "enabled_import_methods");
    for (const auto& m : o.enabled_import_methods) {
        if (m != "glance-direct" && m != "copy-image") {
            throw config::ConfigError("image.enabled_import_methods: " + m +
                                      " is not available (glance-direct, copy-image)");
        }
    }
    o.default_backend = conf.get_string(kSection, "default_backend");
    auto root = conf.get_string(kSection, "filesystem_store_datadir");
    std::vector<std::pair<std::string, std::string>> descriptions;
    for (const auto& d : conf.get_list(kSection, "store_descriptions")) {
        auto colon = d.find(':');
        if (colon != std::string::npos) {
            descriptions.emplace_back(d.substr(0, colon), d.substr(colon + 1));
        }
    }
    for (const auto& b : conf.get_list(kSection, "enabled_backends")) {
        auto colon = b.find(':');
        if (colon == std::string::npos || colon == 0) {
            throw config::ConfigError("image.enabled_backends: expected id:type, got " + b);
        }
        StoreConfig s{b.substr(0, colon), b.substr(colon + 1), root + "/" + b.substr(0, colon), ""};
        if (s.type != "file") {
            throw config::ConfigError("image.enabled_backends: unknown store type " + s.type);
        }
        if (s.id.rfind("os_glance_", 0) == 0) {
            throw config::ConfigError("image.enabled_backends: os_glance_ ids are reserved");
        }
        for (const auto& [id, text] : descriptions) {
            if (id == s.id) {
                s.description = text;
            }
        }
        o.stores.push_back(std::move(s));
    }
    bool found = false;
    for (const auto& s : o.stores) {
        found = found || s.id == o.default_backend;
    }
    if (!found) {
        throw config::ConfigError("image.default_backend " + o.default_backend +
                                  " is not in enabled_backends");
    }
    o.staging_dir = conf.get_string(kSection, "staging_dir");
    o.show_multiple_locations = conf.get_bool(kSection, "show_multiple_locations");
    o.show_image_direct_url = conf.get_bool(kSection, "show_image_direct_url");
    o.task_time_to_live_hours = static_cast<int>(conf.get_int(kSection, "task_time_to_live"));
    return o;
}

std::string database_url(const config::Config& conf) {
    return conf.get_string("image_database", "connection");
}

}  // namespace onestack::image
