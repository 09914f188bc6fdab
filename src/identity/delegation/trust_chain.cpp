#include "identity/delegation/trust_chain.hpp"

#include "common/api/fault.hpp"
#include "identity/db/user_store.hpp"
#include "identity/delegation/expiration.hpp"
#include "identity/delegation/trust_rules.hpp"

namespace onestack::identity::delegation {

std::optional<std::vector<Trust>> trust_pedigree(onestack::db::Conn& c, const std::string& id,
                                                 std::int64_t now_micros, UsesLeft uses) {
    std::vector<Trust> chain;
    std::string next = id;
    while (!next.empty()) {
        auto t = db::get_trust(c, next);
        if (!t) {
            return std::nullopt;
        }
        bool usable = uses == UsesLeft::Required
                          ? trust_usable(*t, now_micros)
                          : t->deleted_at.empty() && !has_expired(t->expires_at, now_micros);
        // A cycle cannot be made through the API; refuse rather than loop.
        if (!usable || chain.size() > static_cast<std::size_t>(kMaxRedelegationCount)) {
            return std::nullopt;
        }
        next = t->redelegated_trust_id;
        chain.push_back(std::move(*t));
    }
    return chain;
}

bool chain_holds(onestack::db::Conn& c, const std::vector<Trust>& pedigree) {
    for (std::size_t i = 1; i < pedigree.size(); ++i) {
        const auto& parent = pedigree[i];
        Trust child = pedigree[i - 1];
        try {
            validate_redelegation(parent, child);
        } catch (const onestack::api::Fault&) {
            return false;
        }
        auto trustee = db::get_user(c, parent.trustee_user_id);
        if (!trustee || !trustee->enabled) {
            return false;
        }
    }
    return true;
}

std::optional<Trust> get_usable_trust(onestack::db::Conn& c, const std::string& id,
                                      std::int64_t now_micros) {
    auto chain = trust_pedigree(c, id, now_micros);
    if (!chain) {
        return std::nullopt;
    }
    if (!chain_holds(c, *chain)) {
        // exception.Forbidden: Keystone shows only the generic message.
        throw onestack::api::Fault::forbidden(
            "You are not authorized to perform the requested action.");
    }
    return chain->front();
}

const std::string& original_trustor(const std::vector<Trust>& pedigree) {
    return pedigree.back().trustor_user_id;
}

}  // namespace onestack::identity::delegation
