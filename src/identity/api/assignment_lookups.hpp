#pragma once
// What role, grant and assignment handlers share: loading the entities a
// path names (with keystone's 404 when one is missing) and rendering them
// the way keystone hands them to policy as target.role, target.user, ...
#include <boost/json/object.hpp>
#include <string>

#include "common/db/database.hpp"
#include "identity/db/records.hpp"

namespace onestack::identity::api {

Role role_or_404(onestack::db::Conn& c, const std::string& id);
User user_or_404(onestack::db::Conn& c, const std::string& id);
Group group_or_404(onestack::db::Conn& c, const std::string& id);
Project project_or_404(onestack::db::Conn& c, const std::string& id);
Project domain_or_404(onestack::db::Conn& c, const std::string& id);

// Policy targets carry the attributes rules look at (ids, domain_id with
// null for a global role, as keystone's refs have them).
boost::json::object role_target(const Role& r);
boost::json::object user_target(const User& u);
boost::json::object group_target(const Group& g);

}  // namespace onestack::identity::api
