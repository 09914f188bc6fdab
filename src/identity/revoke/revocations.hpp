#pragma once
// Token revocation events (Keystone's OS-REVOKE model): a token is revoked
// when every field an event sets matches it and the token was issued at or
// before the event. Events live in SQL and in memory for the hot path.
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::identity {

class Identity;

struct RevocationEvent {
    std::string domain_id;
    std::string project_id;
    std::string user_id;
    std::string role_id;
    std::string trust_id;
    std::string consumer_id;
    std::string access_token_id;
    std::string audit_id;
    std::string audit_chain_id;
    std::int64_t issued_before = 0;  // unix seconds
    std::int64_t expires_at = 0;     // 0: any
    std::int64_t revoked_at = 0;
};

// What a validated token is matched on.
struct TokenFacts {
    std::string user_id;
    std::string trustor_id;
    std::string trustee_id;
    std::string identity_domain_id;    // the user's domain
    std::string assignment_domain_id;  // the project's domain, or the scoped domain
    std::string project_id;
    std::string trust_id;
    std::string audit_id;
    std::string audit_chain_id;
    std::vector<std::string> role_ids;
    std::int64_t issued_at = 0;
    std::int64_t expires_at = 0;
};

class Revocations {
  public:
    explicit Revocations(Identity& identity) : identity_(identity) {}

    // Records the event inside the caller's transaction. The caller bumps
    // Identity::changed() after commit.
    void record(onestack::db::Conn& c, RevocationEvent event);
    bool is_revoked(const TokenFacts& token);
    // Events revoked at or after `since` (unix seconds), for GET /v3/OS-REVOKE/events.
    std::vector<RevocationEvent> list(std::int64_t since);

  private:
    void refresh();

    Identity& identity_;
    std::shared_mutex mu_;
    std::vector<RevocationEvent> events_;
    std::uint64_t loaded_generation_ = 0;
};

}  // namespace onestack::identity
