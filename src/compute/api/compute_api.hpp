#pragma once
// The compute API's shared state for one process: options, database,
// policy, the bus clients (conductor, compute agents) and the image service
// client. Handlers work through it.
#include <memory>

#include "common/db/database.hpp"
#include "common/http/client.hpp"
#include "common/policy/enforcer.hpp"
#include "compute/api/options.hpp"

namespace onestack::rpc {
class Transport;
}

namespace onestack::compute::rpc {
class ConductorClient;
class ComputeClient;
}  // namespace onestack::compute::rpc

namespace onestack::compute::api {

class ComputeApi {
  public:
    // transport: compute's bus (shared with the conductor and agents in one process).
    ComputeApi(ApiOptions options, std::unique_ptr<onestack::db::Database> db,
               std::shared_ptr<onestack::rpc::Transport> transport);
    ~ComputeApi();

    const ApiOptions& options() const { return options_; }
    onestack::db::Database& db() { return *db_; }
    onestack::policy::Enforcer& policy() { return policy_; }
    const rpc::ConductorClient& conductor() const { return *conductor_; }
    const rpc::ComputeClient& compute() const { return *compute_; }
    http::HttpClient& http() { return http_; }

  private:
    ApiOptions options_;
    std::unique_ptr<onestack::db::Database> db_;
    onestack::policy::Enforcer policy_;
    std::unique_ptr<rpc::ConductorClient> conductor_;
    std::unique_ptr<rpc::ComputeClient> compute_;
    http::HttpClient http_;
};

}  // namespace onestack::compute::api
