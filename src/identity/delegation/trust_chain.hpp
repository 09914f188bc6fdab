#pragma once
// Trusts as Keystone's trust manager hands them out: only usable ones, and
// for a redelegated trust only while its whole chain still holds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "identity/db/trust_store.hpp"

namespace onestack::identity::delegation {

// Whether a trust out of uses still counts: not for new tokens and API
// reads (Keystone's get_trust), yes for tokens already issued from it.
enum class UsesLeft { Required, NotRequired };

// The trust, then the trust it was redelegated from, and so on; nullopt when
// any of them is deleted or expired, or (UsesLeft::Required) used up —
// TrustNotFound upstream.
std::optional<std::vector<Trust>> trust_pedigree(onestack::db::Conn& c, const std::string& id,
                                                 std::int64_t now_micros,
                                                 UsesLeft uses = UsesLeft::Required);

// Every link of a pedigree still satisfies the redelegation rules and every
// trustee a trust was redelegated from is an enabled user.
bool chain_holds(onestack::db::Conn& c, const std::vector<Trust>& pedigree);

// keystone's TrustManager.get_trust: nullopt when the trust (or a trust it
// was redelegated from) is gone, expired or used up; throws Fault 403 when
// the chain no longer holds.
std::optional<Trust> get_usable_trust(onestack::db::Conn& c, const std::string& id,
                                      std::int64_t now_micros);

// The user who delegated the roles at the start of the chain.
const std::string& original_trustor(const std::vector<Trust>& pedigree);

}  // namespace onestack::identity::delegation
