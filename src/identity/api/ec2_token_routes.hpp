#pragma once
// POST /v3/ec2tokens: a token for a request signed with an EC2 credential
// (keystone/api/ec2tokens.py, api/_shared/EC2_S3_Resource.py).
#include "common/http/router.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::api {

void add_ec2_token_routes(Identity& identity, onestack::http::Router& r);

}  // namespace onestack::identity::api
