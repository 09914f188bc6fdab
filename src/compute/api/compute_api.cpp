#include "compute/api/compute_api.hpp"

#include "compute/policy/default_rules.hpp"
#include "compute/rpc/compute_client.hpp"
#include "compute/rpc/conductor_client.hpp"

namespace onestack::compute::api {

ComputeApi::ComputeApi(ApiOptions options, std::unique_ptr<onestack::db::Database> db,
                       std::shared_ptr<onestack::rpc::Transport> transport)
    : options_(std::move(options)), db_(std::move(db)) {
    policy_.register_defaults(policy::default_rules());
    if (!options_.policy_file.empty()) {
        policy_.load_overrides_file(options_.policy_file);
    }
    conductor_ = std::make_unique<rpc::ConductorClient>(transport);
    compute_ = std::make_unique<rpc::ComputeClient>(transport);
}

ComputeApi::~ComputeApi() = default;

}  // namespace onestack::compute::api
