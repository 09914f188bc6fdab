#pragma once
// The project and domain rules of keystone/resource/core.py (Manager):
// where a project may be created, what an update may change, what a delete
// must find first and what it takes along. Each function runs inside the
// caller's write transaction and throws keystone's Fault; the caller calls
// Identity::changed() after the commit.
#include <boost/json/object.hpp>
#include <string>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::resource {

using onestack::db::Conn;

// Inserts a project (or, with is_domain, a domain) whose name is set and
// whose domain_id / parent_id the API already defaulted. Returns it as stored.
Project create_project(Conn& c, Project project);

// Applies a validated PATCH body. `as_domain` is the domain API's update,
// which keystone turns into a project update with is_domain set.
Project update_project(Conn& c, const Project& original, const boost::json::object& patch,
                       bool as_domain);

// DELETE of a project; a project acting as a domain goes through delete_domain.
void delete_project(Identity& identity, Conn& c, const Project& project);
// DELETE of a (disabled) domain with everything it owns.
void delete_domain(Identity& identity, Conn& c, const Project& domain);

// The immutable resource option (keystone/common/resource_options/options/immutable.py).
bool is_immutable(const Project& p);

}  // namespace onestack::identity::resource
