#pragma once
// PUT, GET and DELETE /allocations/{consumer_uuid} answered by a placement
// in this process (the all-in-one's scheduler claims for every decision):
// the claim goes through the handler's own entry point
// (placement/api/allocation_writes.hpp: consumer uuid check, options by
// microversion, ops::set_allocations with its generations, capacity check,
// atomic write and 409s), with no HTTP round trip and no JSON body.
//
// The caller is trusted (it runs in the process), so no token, policy or
// body-schema check is made; errors are worded as the HTTP body words them.
#include <cstdint>
#include <optional>
#include <string>

#include "placement/client/placement_client.hpp"

namespace onestack::placement {
class Placement;
}

namespace onestack::placement::client {

// A claim as a 1.12+ PUT body carries it. Returns when placement took it;
// throws PlacementError (status, code, detail) otherwise, e.g. 409 without
// a code when it does not fit, 409 placement.concurrent_update on a stale
// consumer generation.
void local_put_allocations(Placement& placement, const std::string& consumer,
                           const AllocationMap& allocations, const std::string& project_id,
                           const std::string& user_id, const std::string& consumer_type,
                           std::optional<std::int64_t> consumer_generation,
                           const std::string& microversion);

// GET /allocations/{consumer} (1.38+ fields): empty when it has none.
ConsumerAllocations local_get_allocations(Placement& placement, const std::string& consumer);

// DELETE /allocations/{consumer}: false on its 404 (no allocations).
bool local_delete_allocations(Placement& placement, const std::string& consumer,
                              const std::string& microversion);

}  // namespace onestack::placement::client
