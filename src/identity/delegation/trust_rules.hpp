#pragma once
// The rules a trust obeys, apart from storage (keystone/trust/core.py):
// when it can be used, and what a new trust may ask for when it is
// redelegated from another one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "identity/db/trust_store.hpp"

namespace onestack::identity::delegation {

// [trust] max_redelegation_count: how long a chain of trusts may grow.
inline constexpr std::int64_t kMaxRedelegationCount = 3;

// keystone's get_trust: not deleted, not expired, not out of uses.
bool trust_usable(const Trust& t, std::int64_t now_micros);

// _validate_redelegation: may `child` be redelegated from `parent`? Throws
// Fault 403 when not. A child without an expiry inherits the parent's.
void validate_redelegation(const Trust& parent, Trust& child);

// What the create request asked for beyond the stored fields.
struct TrustRequest {
    bool allow_redelegation = false;
    std::optional<std::int64_t> redelegation_count;
};

// Manager.create_trust's checks and defaults for a new trust: fills
// redelegation_count and, when `pedigree` (the trust it is redelegated from,
// then that one's parent, ...) is not empty, redelegated_trust_id. Throws
// Fault 400 or 403 as Keystone does.
void plan_trust(Trust& t, const TrustRequest& request, const std::vector<Trust>& pedigree);

// The first id in `wanted` that `held` lacks, if any.
std::optional<std::string> first_missing(const std::vector<std::string>& wanted,
                                         const std::vector<std::string>& held);

}  // namespace onestack::identity::delegation
