#include "identity/options.hpp"

#include "common/runtime/common_options.hpp"

namespace onestack::identity {

using config::OptionDef;
using config::Type;

void register_options(config::Registry& r) {
    // oslo.middleware sizelimit: max_request_body_size = 114688
    runtime::register_listen_options(r, kSection, 5000, 114688);
    r.add(std::vector<OptionDef>{
        {.section = "identity_database",
         .name = "connection",
         .type = Type::Secret,
         .default_value = "sqlite:///$state_path/identity.db",
         .help = "Identity's database: sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB."},
        {.section = kSection,
         .name = "password_hash_rounds",
         .type = Type::Int,
         .default_value = "12",
         .help = "bcrypt cost for stored passwords.",
         .min = 4,
         .max = 31},
        {.section = kSection,
         .name = "max_password_length",
         .type = Type::Int,
         .default_value = "4096",
         .help = "Longest password accepted.",
         .min = 1},
        {.section = kSection,
         .name = "default_domain_id",
         .type = Type::String,
         .default_value = "default",
         .help = "The domain v2-style requests fall into."},
        {.section = kSection,
         .name = "policy_file",
         .type = Type::String,
         .default_value = "",
         .help = "YAML file overriding identity's default policy rules."},
        {.section = "token",
         .name = "expiration",
         .type = Type::Int,
         .default_value = "3600",
         .help = "Seconds a token stays valid.",
         .min = 1},
        {.section = "token",
         .name = "allow_expired_window",
         .type = Type::Int,
         .default_value = "172800",
         .help = "Seconds after expiry a token can still be validated with ?allow_expired=1."},
        {.section = "token",
         .name = "cache_size",
         .type = Type::Int,
         .default_value = "100000",
         .help = "Validated tokens kept in memory.",
         .min = 16},
        {.section = "fernet_tokens",
         .name = "key_repository",
         .type = Type::String,
         .default_value = "$state_path/fernet-keys",
         .help = "Directory of Fernet keys."},
        {.section = "fernet_tokens",
         .name = "max_active_keys",
         .type = Type::Int,
         .default_value = "3",
         .help = "Keys kept by rotation (staged, primary, secondary...).",
         .min = 1},
    });
}

IdentityOptions options_from(const config::Config& conf) {
    IdentityOptions o;
    o.token_expiration = std::chrono::seconds(conf.get_int("token", "expiration"));
    o.allow_expired_window = std::chrono::seconds(conf.get_int("token", "allow_expired_window"));
    o.token_cache_size = static_cast<std::size_t>(conf.get_int("token", "cache_size"));
    o.password_hash_rounds = static_cast<int>(conf.get_int(kSection, "password_hash_rounds"));
    o.max_password_length = static_cast<std::size_t>(conf.get_int(kSection, "max_password_length"));
    o.default_domain_id = conf.get_string(kSection, "default_domain_id");
    o.policy_file = conf.get_string(kSection, "policy_file");
    o.key_repository = conf.get_string("fernet_tokens", "key_repository");
    o.max_active_keys = static_cast<int>(conf.get_int("fernet_tokens", "max_active_keys"));
    return o;
}

std::string database_url(const config::Config& conf) {
    return conf.get_string("identity_database", "connection");
}

}  // namespace onestack::identity
