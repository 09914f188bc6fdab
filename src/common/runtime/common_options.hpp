#pragma once
// Options every onestack process reads: where state lives, logging, the bus.
#include "common/config/config.hpp"
#include "common/http/server.hpp"

namespace onestack::runtime {

void register_common_options(config::Registry& registry);

// The listen options of one service API: [<section>] bind_host, bind_port, workers.
void register_listen_options(config::Registry& registry, const std::string& section,
                             int default_port, std::size_t default_max_body);
http::ServerOptions listen_options(const config::Config& conf, const std::string& section);

}  // namespace onestack::runtime
