#include "identity/users/user_revocation.hpp"

#include "identity/identity.hpp"
#include "identity/revoke/revocations.hpp"

namespace onestack::identity::users {

void revoke_tokens_of_user(Identity& identity, onestack::db::Conn& c, const std::string& user_id) {
    RevocationEvent event;
    event.user_id = user_id;
    identity.revocations().record(c, std::move(event));
}

}  // namespace onestack::identity::users
