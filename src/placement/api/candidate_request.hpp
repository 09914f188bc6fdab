#pragma once
// GET /allocation_candidates query string -> request groups and
// request-wide parameters (placement/lib.py RequestGroup.dict_from_request
// and RequestWideParams.from_request), with upstream's checks and words.
#include <vector>

#include "common/http/message.hpp"
#include "placement/candidates/request.hpp"

namespace onestack::placement::api {

struct CandidateQuery {
    std::vector<candidates::RequestGroup> groups;  // first appearance order
    candidates::RequestWide wide;
};

CandidateQuery parse_candidate_query(const onestack::http::Request& req);

}  // namespace onestack::placement::api
