#include "identity/delegation/auth_methods.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace onestack::identity::delegation {

bool is_delegated_method(const std::vector<std::string>& methods) {
    static constexpr std::array<std::string_view, 9> kPrimary = {
        "external", "kerberos", "mapped", "openid", "password", "saml2", "token", "totp", "x509"};
    return methods.empty() || std::any_of(methods.begin(), methods.end(), [](const auto& m) {
               return std::find(kPrimary.begin(), kPrimary.end(), m) == kPrimary.end();
           });
}

}  // namespace onestack::identity::delegation
