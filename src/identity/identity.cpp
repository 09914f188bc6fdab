#include "identity/identity.hpp"

#include "common/crypto/key_repository.hpp"
#include "identity/catalog/catalog_cache.hpp"
#include "identity/policy/default_rules.hpp"
#include "identity/revoke/revocations.hpp"
#include "identity/token/token_codec.hpp"
#include "identity/token/token_service.hpp"

namespace onestack::identity {

Identity::Identity(IdentityOptions options, std::unique_ptr<onestack::db::Database> db)
    : options_(std::move(options)), db_(std::move(db)) {
    policy_.register_defaults(default_rules());
    if (!options_.policy_file.empty()) {
        policy_.load_overrides_file(options_.policy_file);
    }
    crypto::KeyRepository keys(options_.key_repository, options_.max_active_keys);
    keys.setup();
    codec_ = std::make_unique<token::TokenCodec>(std::move(keys));
    revocations_ = std::make_unique<Revocations>(*this);
    catalog_ = std::make_unique<CatalogCache>(*this);
    tokens_ = std::make_unique<TokenService>(*this);
}

Identity::~Identity() = default;

}  // namespace onestack::identity
