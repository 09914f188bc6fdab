#include "identity/delegation/trust_rules.hpp"

#include <algorithm>

#include "common/api/fault.hpp"
#include "identity/delegation/expiration.hpp"

namespace onestack::identity::delegation {
namespace {

using onestack::api::Fault;

// exception.Forbidden is a security error: Keystone shows only its generic
// message, whatever the detail.
Fault forbidden() {
    return Fault::forbidden("You are not authorized to perform the requested action.");
}

Fault validation(const std::string& message) {
    return Fault::bad_request(message);
}

}  // namespace

bool trust_usable(const Trust& t, std::int64_t now_micros) {
    if (!t.deleted_at.empty() || has_expired(t.expires_at, now_micros)) {
        return false;
    }
    return !t.remaining_uses || *t.remaining_uses > 0;
}

void validate_redelegation(const Trust& parent, Trust& child) {
    auto depth = parent.redelegation_count.value_or(0);
    if (depth <= 0 || depth > kMaxRedelegationCount) {
        throw forbidden();
    }
    if (child.remaining_uses) {
        throw forbidden();
    }
    if (!child.expires_at.empty()) {
        auto parent_expiry = stored_micros(parent.expires_at);
        auto child_expiry = stored_micros(child.expires_at);
        if (parent_expiry && child_expiry && *parent_expiry < *child_expiry) {
            throw forbidden();
        }
    } else {
        child.expires_at = parent.expires_at;
    }
    if (first_missing(child.role_ids, parent.role_ids)) {
        throw forbidden();
    }
    if (!parent.impersonation && child.impersonation) {
        throw forbidden();
    }
}

void plan_trust(Trust& t, const TrustRequest& request, const std::vector<Trust>& pedigree) {
    auto requested = request.redelegation_count;
    bool redelegatable = request.allow_redelegation && requested != std::int64_t{0};
    if (!redelegatable) {
        t.redelegation_count = 0;
        requested = 0;
        if (t.remaining_uses && *t.remaining_uses <= 0) {
            throw validation("remaining_uses must be a positive integer or null.");
        }
    } else {
        if (requested && *requested > kMaxRedelegationCount) {
            throw forbidden();
        }
        if (t.remaining_uses) {
            throw validation("remaining_uses must not be set if redelegation is allowed");
        }
        t.redelegation_count = requested;
    }
    if (!pedigree.empty()) {
        const auto& parent = pedigree.front();
        t.redelegated_trust_id = parent.id;
        auto remaining = parent.redelegation_count.value_or(0) - 1;
        if (redelegatable && requested && *requested != 0 && *requested != remaining) {
            throw forbidden();
        }
        if (!t.redelegation_count) {
            t.redelegation_count = remaining;
        }
        for (const auto& ancestor : pedigree) {
            validate_redelegation(ancestor, t);
        }
    }
    if (!t.redelegation_count) {
        t.redelegation_count = kMaxRedelegationCount;
    }
}

std::optional<std::string> first_missing(const std::vector<std::string>& wanted,
                                         const std::vector<std::string>& held) {
    for (const auto& id : wanted) {
        if (std::find(held.begin(), held.end(), id) == held.end()) {
            return id;
        }
    }
    return std::nullopt;
}

}  // namespace onestack::identity::delegation
