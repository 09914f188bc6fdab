#pragma once
// The claim of PUT /allocations/{consumer_uuid} once its request is read,
// shared by the HTTP handler (allocation_routes.cpp) and by callers in this
// process (placement/client/local_allocations.hpp), so both check the
// consumer uuid and write with the same microversion-dependent options.
#include <string>

#include "placement/api/common.hpp"
#include "placement/ops/allocations.hpp"

namespace onestack::placement::api {

// str(uuid.UUID(raw)); 400 "Malformed consumer_uuid: <raw>" when raw is none.
std::string consumer_uuid_of(const std::string& raw);

// ops::set_allocations for one consumer with the options of req's
// microversion (1.28 consumer generations, 1.38 consumer types). Throws the
// handler's Faults (409 capacity or concurrent_update, 400 unknown class...).
void put_consumer_allocations(Placement& placement, const Request& req,
                              const ops::ConsumerAllocations& consumer);

}  // namespace onestack::placement::api
