#pragma once
// Which authentication methods are primary (the user proved who they are)
// and which delegate (keystone/api/_shared/delegation.py).
#include <string>
#include <vector>

namespace onestack::identity::delegation {

// True when any method is not a primary one (application_credential,
// ec2credential, oauth1, ...) or there is none at all.
bool is_delegated_method(const std::vector<std::string>& methods);

}  // namespace onestack::identity::delegation
