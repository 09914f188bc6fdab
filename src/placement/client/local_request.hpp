#pragma once
// What the in-process answers (local_candidates.hpp, local_allocations.hpp)
// share: a request as placement's handlers see it, and a handler's Fault
// turned into the PlacementError the HTTP client would read from its body.
#include <string>

#include "common/api/fault.hpp"
#include "common/http/message.hpp"
#include "placement/client/placement_client.hpp"

namespace onestack::placement::client {

// query_string without the '?'; microversion "1.39".
http::Request local_request(http::Verb method, const std::string& path,
                            const std::string& query_string, const std::string& microversion);

// The error body the HTTP handler would send for f, read as the client reads it.
PlacementError local_error(const onestack::api::Fault& f, http::Request& req);

}  // namespace onestack::placement::client
