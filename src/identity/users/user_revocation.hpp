#pragma once
// Keystone's _persist_revocation_event_for_user: every token of the user
// issued up to now stops validating (disable, delete, password change,
// removal from a group).
#include <string>

#include "common/db/database.hpp"

namespace onestack::identity {
class Identity;
}

namespace onestack::identity::users {

// Records the event in the caller's write transaction; the caller calls
// Identity::changed() after commit.
void revoke_tokens_of_user(Identity& identity, onestack::db::Conn& c, const std::string& user_id);

}  // namespace onestack::identity::users
