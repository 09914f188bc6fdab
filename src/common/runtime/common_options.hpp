#pragma once
// Options every onestack process reads: where state lives, logging, the bus.
#include "common/auth/remote_token_validator.hpp"
#include "common/config/config.hpp"
#include "common/http/server.hpp"

namespace onestack::runtime {

void register_common_options(config::Registry& registry);

// The listen options of one service API: [<section>] bind_host, bind_port, workers.
void register_listen_options(config::Registry& registry, const std::string& section,
                             int default_port, std::size_t default_max_body);
http::ServerOptions listen_options(const config::Config& conf, const std::string& section);

// [<section>] auth_url, service_username, service_password, service_project:
// the identity a service uses when identity does not run in its process.
void register_service_auth_options(config::Registry& registry, const std::string& section,
                                   const std::string& default_username,
                                   const std::string& username_note = "");
auth::ServiceCredentials service_credentials(const config::Config& conf,
                                             const std::string& section);
// "http://host:5000/v3" -> "http://host:5000": where identity's API lives.
std::string identity_root(const std::string& auth_url);

}  // namespace onestack::runtime
