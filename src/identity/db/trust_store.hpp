#pragma once
// SQL for OS-TRUST trusts and their delegated roles
// (keystone/trust/backends/sql.py). Trusts are soft-deleted.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::identity {

struct Trust {
    std::string id;
    std::string trustor_user_id;
    std::string trustee_user_id;
    std::string project_id;  // "" for a trust without a project
    bool impersonation = false;
    // "YYYY-MM-DDTHH:MM:SS.ffffff" UTC; "" when unset.
    std::string deleted_at;
    std::string expires_at;
    std::optional<std::int64_t> remaining_uses;  // nullopt: unlimited
    std::string redelegated_trust_id;            // the trust this one was redelegated from
    std::optional<std::int64_t> redelegation_count;
    boost::json::object extra;  // attributes Keystone keeps but does not interpret
    std::vector<std::string> role_ids;
};

}  // namespace onestack::identity

namespace onestack::identity::db {

using onestack::db::Conn;

// The stored trust, deleted or not, whatever its expiry and uses.
std::optional<Trust> get_trust(Conn& c, const std::string& id);
struct TrustFilter {
    std::optional<std::string> trustor_user_id;
    std::optional<std::string> trustee_user_id;
    std::optional<std::string> redelegated_trust_id;
};
// Trusts not deleted, without their roles (Keystone lists them without).
std::vector<Trust> list_trusts(Conn& c, const TrustFilter& filter);
// Keystone's duplicate_trust_constraint: same parties, project,
// impersonation and expiry (deleted trusts included; an unset project or
// expiry never collides, as NULLs do not in a unique key).
bool trust_duplicates(Conn& c, const Trust& t);
void insert_trust(Conn& c, const Trust& t);
bool soft_delete_trust(Conn& c, const std::string& id, const std::string& deleted_at);

enum class TrustUse { Consumed, Unlimited, Exhausted, Missing };
// Takes one use of a limited trust (keystone's consume_use).
TrustUse consume_trust_use(Conn& c, const std::string& id);

}  // namespace onestack::identity::db
