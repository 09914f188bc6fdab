#pragma once
// Identity's configuration options and how they become IdentityOptions.
#include "common/config/config.hpp"
#include "identity/identity.hpp"

namespace onestack::identity {

inline constexpr const char* kSection = "identity";
inline constexpr const char* kSecurityCompliance = "security_compliance";

void register_options(config::Registry& registry);
IdentityOptions options_from(const config::Config& conf);
std::string database_url(const config::Config& conf);

}  // namespace onestack::identity
