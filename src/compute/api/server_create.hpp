#pragma once
// POST /servers (nova/compute/api.py create) and what other handlers share
// with it: the quota check and the hostname rules.
#include <map>
#include <string>

#include "common/http/message.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/objects/instance.hpp"

namespace onestack::compute::api {

class ComputeApi;

http::Response create_servers(ComputeApi& api, http::Request& req);

// DELETE /servers/{id} and its relatives (server_routes.cpp).
void delete_server(ComputeApi& api, http::Request& req, const Instance& instance,
                   const char* action);

// compute/utils.py check_num_instances_quota: how many of min..max
// instances of `flavor` fit under `limits` given `usage`; throws Fault 403
// "Quota exceeded for <overs>: Requested <req>, but already used <used> of
// <allowed> <overs>" when not even min_count fit.
int check_instance_quota(const std::map<std::string, int>& limits, const db::Usage& usage,
                         const Flavor& flavor, int min_count, int max_count);

// utils.sanitize_hostname: lower case, spaces and underscores to '-', only
// [a-z0-9.-], no leading/trailing '.'/'-', at most 63 characters.
std::string sanitize_hostname(const std::string& name);

}  // namespace onestack::compute::api
