#pragma once
// SQL for /v3/policies blobs.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::db {

using onestack::db::Conn;

std::optional<PolicyBlob> get_policy(Conn& c, const std::string& id);
std::vector<PolicyBlob> list_policies(Conn& c);
void insert_policy(Conn& c, const PolicyBlob& p);
void update_policy(Conn& c, const PolicyBlob& p);
void delete_policy(Conn& c, const std::string& id);

}  // namespace onestack::identity::db
