#pragma once
// GET /allocation_candidates answered from a placement in this process: the
// query string is parsed and checked by placement's own handler code, the
// search runs on the store's model, and the client's Candidates are filled
// straight from the result, with no HTTP round trip and no JSON body (the
// all-in-one's scheduler asks this for every decision; at 1,000 hosts the
// body is ~1 MB).
//
// The caller is trusted (it runs in the process), so no token or policy
// check is made; everything else (microversion, validation, 400 faults)
// is as GET /allocation_candidates answers, errors worded as its body.
#include <string>

#include "placement/client/placement_client.hpp"

namespace onestack::placement {
class Placement;
}

namespace onestack::placement::client {

// query_string: without the '?' ("resources=VCPU:1,MEMORY_MB:512&limit=10").
// microversion: "1.39". with_traits: false leaves Candidates::traits
// empty. Throws PlacementError (status, code, detail) where
// the handler answers an error.
Candidates local_allocation_candidates(Placement& placement, const std::string& query_string,
                                       const std::string& microversion, bool with_traits = true);

}  // namespace onestack::placement::client
