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
         .default_value = "10000",
         .help = "Validated tokens kept in memory (each a few KB with its catalog).",
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
        // Keystone's [security_compliance] (keystone/conf/security_compliance.py).
        {.section = kSecurityCompliance,
         .name = "disable_user_account_days_inactive",
         .type = Type::Int,
         .default_value = "",
         .help = "Days a user can go without authenticating before being considered inactive "
                 "and shown (and treated) as disabled. Unset: never.",
         .min = 1},
        {.section = kSecurityCompliance,
         .name = "lockout_failure_attempts",
         .type = Type::Int,
         .default_value = "",
         .help = "Failed password authentications after which a user account is locked for "
                 "lockout_duration seconds. Unset: no lockout.",
         .min = 1},
        {.section = kSecurityCompliance,
         .name = "lockout_duration",
         .type = Type::Int,
         .default_value = "1800",
         .help = "Seconds a locked account stays locked (with lockout_failure_attempts set). "
                 "Unset: until the user is updated (re-enabled) through the API.",
         .min = 1},
        {.section = kSecurityCompliance,
         .name = "password_expires_days",
         .type = Type::Int,
         .default_value = "",
         .help = "Days a newly set password stays valid before it must be changed. Unset: "
                 "passwords never expire.",
         .min = 1},
        {.section = kSecurityCompliance,
         .name = "unique_last_password_count",
         .type = Type::Int,
         .default_value = "0",
         .help = "Number of the latest passwords, the new one included, that must be unique "
                 "when users change their own password. 0 disables the check.",
         .min = 0},
        {.section = kSecurityCompliance,
         .name = "minimum_password_age",
         .type = Type::Int,
         .default_value = "0",
         .help = "Days a password must be used before its user can change it again (an "
                 "administrator can always reset it).",
         .min = 0},
        {.section = kSecurityCompliance,
         .name = "password_regex",
         .type = Type::String,
         .default_value = "",
         .help = "Regular expression (Python re.match semantics) new passwords must match. "
                 "Unset: any password."},
        {.section = kSecurityCompliance,
         .name = "password_regex_description",
         .type = Type::String,
         .default_value = "",
         .help = "Human description of password_regex, returned when a password does not "
                 "match it."},
        {.section = kSecurityCompliance,
         .name = "change_password_upon_first_use",
         .type = Type::Bool,
         .default_value = "false",
         .help = "Users must change a password set at creation or by an administrative reset "
                 "before using it (unless their ignore_change_password_upon_first_use option "
                 "is true)."},
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
    auto optional_int = [&](const char* name) {
        return conf.has_value(kSecurityCompliance, name)
                   ? static_cast<int>(conf.get_int(kSecurityCompliance, name))
                   : 0;
    };
    auto& sc = o.security;
    sc.disable_user_account_days_inactive = optional_int("disable_user_account_days_inactive");
    sc.lockout_failure_attempts = optional_int("lockout_failure_attempts");
    sc.lockout_duration = optional_int("lockout_duration");
    sc.password_expires_days = optional_int("password_expires_days");
    sc.unique_last_password_count = optional_int("unique_last_password_count");
    sc.minimum_password_age = optional_int("minimum_password_age");
    sc.password_regex = conf.get_string(kSecurityCompliance, "password_regex");
    sc.password_regex_description =
        conf.get_string(kSecurityCompliance, "password_regex_description");
    sc.change_password_upon_first_use =
        conf.get_bool(kSecurityCompliance, "change_password_upon_first_use");
    sc.compile_regex();
    return o;
}

std::string database_url(const config::Config& conf) {
    return conf.get_string("identity_database", "connection");
}

}  // namespace onestack::identity
