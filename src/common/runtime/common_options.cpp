#include "common/runtime/common_options.hpp"

namespace onestack::runtime {

using config::OptionDef;
using config::Type;

void register_common_options(config::Registry& r) {
    r.add(std::vector<OptionDef>{
        {.section = "DEFAULT",
         .name = "state_path",
         .type = Type::String,
         .default_value = "./data",
         .help = "Top-level directory for state: databases, keys, images, instances."},
        {.section = "DEFAULT",
         .name = "host",
         .type = Type::String,
         .default_value = "localhost",
         .help = "Name of this node, as services and agents report it."},
        {.section = "DEFAULT",
         .name = "log_level",
         .type = Type::String,
         .default_value = "info",
         .help = "Lowest level logged.",
         .choices = {"trace", "debug", "info", "warning", "error"}},
        {.section = "DEFAULT",
         .name = "log_file",
         .type = Type::String,
         .default_value = "",
         .help = "Log to this file instead of standard error."},
        {.section = "DEFAULT",
         .name = "access_log",
         .type = Type::Bool,
         .default_value = "true",
         .help = "Log one line per API request."},
        {.section = "DEFAULT",
         .name = "transport_url",
         .type = Type::String,
         .default_value = "inproc://",
         .help = "The message bus between a service's processes: inproc:// (one process) or "
                 "rabbit://user:pass@host:5672/."},
    });
}

void register_listen_options(config::Registry& r, const std::string& section, int default_port,
                             std::size_t default_max_body) {
    r.add(std::vector<OptionDef>{
        {.section = section,
         .name = "bind_host",
         .type = Type::String,
         .default_value = "127.0.0.1",
         .help = "Address the API listens on."},
        {.section = section,
         .name = "bind_port",
         .type = Type::Int,
         .default_value = std::to_string(default_port),
         .help = "Port the API listens on.",
         .min = 0,
         .max = 65535},
        {.section = section,
         .name = "workers",
         .type = Type::Int,
         .default_value = "0",
         .help = "API I/O threads; 0 means one per core.",
         .min = 0,
         .max = 256},
        {.section = section,
         .name = "max_request_body_size",
         .type = Type::Int,
         .default_value = std::to_string(default_max_body),
         .help = "Largest request body accepted, in bytes (413 above it).",
         .min = 1024},
    });
}

http::ServerOptions listen_options(const config::Config& conf, const std::string& section) {
    http::ServerOptions o;
    o.name = section;
    o.host = conf.get_string(section, "bind_host");
    o.port = static_cast<std::uint16_t>(conf.get_int(section, "bind_port"));
    o.threads = static_cast<unsigned>(conf.get_int(section, "workers"));
    o.max_body_bytes = static_cast<std::size_t>(conf.get_int(section, "max_request_body_size"));
    o.access_log = conf.get_bool("DEFAULT", "access_log");
    return o;
}

void register_service_auth_options(config::Registry& r, const std::string& section,
                                   const std::string& default_username,
                                   const std::string& username_note) {
    r.add(std::vector<OptionDef>{
        {.section = section,
         .name = "auth_url",
         .type = Type::String,
         .default_value = "http://127.0.0.1:5000/v3",
         .help = "Identity API used (to validate tokens, or for a service token) when "
                 "identity does not run in the same process."},
        {.section = section,
         .name = "service_username",
         .type = Type::String,
         .default_value = default_username,
         .help = "User this service authenticates as to identity." +
                 (username_note.empty() ? "" : " " + username_note)},
        {.section = section,
         .name = "service_password",
         .type = Type::Secret,
         .default_value = "",
         .help = "Password of service_username."},
        {.section = section,
         .name = "service_project",
         .type = Type::String,
         .default_value = "service",
         .help = "Project of service_username."},
    });
}

auth::ServiceCredentials service_credentials(const config::Config& conf,
                                             const std::string& section) {
    return {conf.get_string(section, "auth_url"), conf.get_string(section, "service_username"),
            conf.get_string(section, "service_password"),
            conf.get_string(section, "service_project")};
}

std::string identity_root(const std::string& auth_url) {
    return auth_url.substr(0, auth_url.rfind("/v3"));
}

}  // namespace onestack::runtime
