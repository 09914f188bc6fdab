#pragma once
// Allocation requests as placement's JSON ({"allocations": {rp: {"resources":
// {...}}}}) and as the placement client's map, and a flavor's resources.
#include <boost/json/object.hpp>

#include "compute/objects/instance.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::compute::scheduler {

boost::json::object allocation_request_json(const placement::client::AllocationMap& allocations);
placement::client::AllocationMap allocation_map(const boost::json::object& allocation_request);
// VCPU, MEMORY_MB, DISK_GB (root + ephemeral + swap rounded up to GiB), with
// "resources:<RC>=N" extra specs overriding, zero amounts left out.
placement::client::Resources flavor_resources(const Flavor& flavor);
// "trait:<NAME>=required|forbidden" extra specs as "NAME" / "!NAME".
std::vector<std::string> flavor_traits(const Flavor& flavor);

}  // namespace onestack::compute::scheduler
