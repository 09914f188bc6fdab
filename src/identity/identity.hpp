#pragma once
// Identity's shared state for one process: options, the database, the policy
// enforcer, the token machinery and the caches they keep. API handlers and
// the in-process token validator both work through it.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "common/db/database.hpp"
#include "common/policy/enforcer.hpp"
#include "identity/users/security_compliance.hpp"

namespace onestack::identity {

namespace token {
class TokenCodec;
}
class TokenService;
class Revocations;
class CatalogCache;

struct IdentityOptions {
    std::chrono::seconds token_expiration{3600};
    std::chrono::seconds allow_expired_window{172800};
    int password_hash_rounds = 12;
    std::size_t max_password_length = 4096;
    std::string key_repository;
    int max_active_keys = 3;
    std::string default_domain_id = "default";
    std::string policy_file;
    std::size_t token_cache_size = 100000;
    users::SecurityCompliance security;  // [security_compliance]
};

class Identity {
  public:
    Identity(IdentityOptions options, std::unique_ptr<onestack::db::Database> db);
    ~Identity();

    const IdentityOptions& options() const { return options_; }
    onestack::db::Database& db() { return *db_; }
    policy::Enforcer& policy() { return policy_; }
    const token::TokenCodec& codec() const { return *codec_; }
    TokenService& tokens() { return *tokens_; }
    Revocations& revocations() { return *revocations_; }
    CatalogCache& catalog() { return *catalog_; }

    // Any write that can change what a token shows (users, projects, roles,
    // assignments, catalog, revocations) bumps the generation; caches keyed
    // on it recompute lazily.
    void changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  private:
    IdentityOptions options_;
    std::unique_ptr<onestack::db::Database> db_;
    policy::Enforcer policy_;
    std::unique_ptr<token::TokenCodec> codec_;
    std::unique_ptr<Revocations> revocations_;
    std::unique_ptr<CatalogCache> catalog_;
    std::unique_ptr<TokenService> tokens_;
    std::atomic<std::uint64_t> generation_{1};
};

}  // namespace onestack::identity
