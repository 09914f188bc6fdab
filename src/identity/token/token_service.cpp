#include "identity/token/token_service.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "common/api/fault.hpp"
#include "common/util/time.hpp"
#include "identity/assignment/effective_roles.hpp"
#include "identity/db/application_credential_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/trust_store.hpp"
#include "identity/db/user_store.hpp"
#include "identity/delegation/expiration.hpp"
#include "identity/delegation/trust_chain.hpp"
#include "identity/identity.hpp"
#include "identity/revoke/revocations.hpp"
#include "identity/token/token_codec.hpp"

namespace onestack::identity {
namespace {

using onestack::db::Conn;
using token::Scope;

// Role ids after implication, as a set.
std::set<std::string> effective_set(Conn& c, const std::vector<std::string>& ids) {
    auto all = assignment::expand_implied(c, ids);
    return {all.begin(), all.end()};
}

// A trust-scoped token (keystone/models/token_model.py): the trust and the
// chain it was redelegated from still hold, the token's user is the trustee
// (shown as the trustor when impersonating), both parties are enabled, and
// the original trustor still has every delegated role on the project. The
// trust's remaining uses limit new tokens only, not ones already issued.
bool expand_trust(Conn& c, const token::TokenPayload& payload, ValidatedToken& t,
                  std::int64_t now_micros, std::vector<std::string>& role_ids, std::string& why) {
    auto chain = delegation::trust_pedigree(c, payload.trust_id, now_micros,
                                            delegation::UsesLeft::NotRequired);
    if (!chain || !delegation::chain_holds(c, *chain)) {
        why = "trust " + payload.trust_id + " is gone, expired or its chain is broken";
        return false;
    }
    const auto& trust = chain->front();
    if (payload.user_id != trust.trustee_user_id || !t.project ||
        t.project->id != trust.project_id) {
        why = "the token does not match trust " + trust.id;
        return false;
    }
    auto trustor = db::get_user(c, trust.trustor_user_id);
    auto trustor_domain = trustor ? db::get_domain(c, trustor->domain_id) : std::nullopt;
    if (!trustor || !trustor->enabled || !trustor_domain || !trustor_domain->enabled) {
        why = "the trustor of trust " + trust.id + " is disabled or gone";
        return false;
    }
    auto trustor_roles = effective_set(
        c, assignment::project_role_ids(c, delegation::original_trustor(*chain), *t.project));
    for (const auto& id : assignment::expand_implied(c, trust.role_ids)) {
        if (trustor_roles.count(id) == 0) {
            why = "the trustor no longer holds the delegated roles";
            return false;
        }
    }
    if (trust.impersonation) {
        t.user = std::move(*trustor);
        t.user_domain_name = trustor_domain->name;
    }
    t.trust =
        TrustInfo{trust.id, trust.trustor_user_id, trust.trustee_user_id, trust.impersonation};
    role_ids = trust.role_ids;
    return true;
}

TokenFacts facts_of(const ValidatedToken& t) {
    TokenFacts f;
    f.user_id = t.user.id;
    f.identity_domain_id = t.user.domain_id;
    if (t.project) {
        f.project_id = t.project->id;
        f.assignment_domain_id = t.project->domain_id;
    }
    if (t.domain) {
        f.assignment_domain_id = t.domain->id;
    }
    if (t.trust) {
        f.trust_id = t.trust->id;
        f.trustor_id = t.trust->trustor_id;
        f.trustee_id = t.trust->trustee_id;
    }
    const auto& audit = t.payload.audit_ids;
    f.audit_id = audit.empty() ? "" : audit.front();
    f.audit_chain_id = audit.empty() ? "" : audit.back();
    for (const auto& r : t.roles) {
        f.role_ids.push_back(r.id);
    }
    f.issued_at = t.payload.issued_at;
    f.expires_at = t.payload.expires_at;
    return f;
}

}  // namespace

TokenService::Shard& TokenService::shard_for(std::string_view id) {
    return shards_[std::hash<std::string_view>{}(id) % shards_.size()];
}

std::shared_ptr<const ValidatedToken> TokenService::expand(const token::TokenPayload& payload,
                                                           std::string& why) {
    const auto now_micros = util::now_unix_micros();
    return identity_.db().read([&](Conn& c) -> std::shared_ptr<const ValidatedToken> {
        auto t = std::make_shared<ValidatedToken>();
        t->payload = payload;

        auto user = db::get_user(c, payload.user_id);
        // An inactive user ([security_compliance]) reads as disabled too.
        if (!user || !users::effectively_enabled(identity_.options().security, *user, now_micros)) {
            why = "user " + payload.user_id + " is disabled or gone";
            return nullptr;
        }
        auto user_domain = db::get_domain(c, user->domain_id);
        if (!user_domain || !user_domain->enabled) {
            why = "the user's domain is disabled";
            return nullptr;
        }
        t->user = std::move(*user);
        t->user_domain_name = user_domain->name;

        // Application credential: still there, not expired; its roles bound what the token holds.
        std::optional<std::set<std::string>> app_cred_roles;
        if (!payload.app_cred_id.empty()) {
            auto ac = db::get_application_credential(c, payload.app_cred_id);
            if (!ac || ac->user_id != t->user.id ||
                delegation::has_expired(ac->expires_at, now_micros)) {
                why = "application credential " + payload.app_cred_id + " is gone or expired";
                return nullptr;
            }
            t->app_cred = AppCredInfo{ac->id, ac->name, ac->unrestricted, {}};
            for (const auto& rule : ac->access_rules) {
                t->app_cred->access_rules.push_back({{"id", rule.id},
                                                     {"service", rule.service},
                                                     {"path", rule.path},
                                                     {"method", rule.method}});
            }
            app_cred_roles.emplace(ac->role_ids.begin(), ac->role_ids.end());
        }

        std::vector<std::string> role_ids;
        switch (payload.scope) {
            case Scope::Unscoped:
                if (!payload.trust_id.empty()) {
                    // A trust without a project yields no token (no roles to hold).
                    why = "trust " + payload.trust_id + " has no project";
                    return nullptr;
                }
                return t;
            case Scope::System:
                t->system = true;
                role_ids = assignment::system_role_ids(c, t->user.id);
                break;
            case Scope::Domain: {
                auto domain = db::get_domain(c, payload.scope_id);
                if (!domain || !domain->enabled) {
                    why = "domain " + payload.scope_id + " is disabled or gone";
                    return nullptr;
                }
                t->domain = std::move(*domain);
                role_ids = assignment::domain_role_ids(c, t->user.id, payload.scope_id);
                break;
            }
            case Scope::Project: {
                auto project = db::get_project(c, payload.scope_id);
                if (!project || !project->enabled) {
                    why = "project " + payload.scope_id + " is disabled or gone";
                    return nullptr;
                }
                auto project_domain =
                    db::get_domain(c, project->is_domain ? project->id : project->domain_id);
                if (!project_domain || !project_domain->enabled) {
                    why = "the project's domain is disabled";
                    return nullptr;
                }
                if (project->is_domain) {
                    project->domain_id = project->id;
                }
                t->project_domain_name = project_domain->name;
                t->project = std::move(*project);
                if (payload.trust_id.empty()) {
                    role_ids = assignment::project_role_ids(c, t->user.id, *t->project);
                }
                break;
            }
        }

        if (!payload.trust_id.empty()) {
            if (!expand_trust(c, payload, *t, now_micros, role_ids, why)) {
                return nullptr;
            }
        }

        t->roles = assignment::token_roles(c, role_ids);
        if (app_cred_roles) {
            std::erase_if(t->roles,
                          [&](const Role& r) { return app_cred_roles->count(r.id) == 0; });
        }
        if (t->roles.empty()) {
            why = "user " + t->user.id + " has no role on the requested scope";
            return nullptr;
        }
        return t;
    });
}

IssuedToken TokenService::issue(token::TokenPayload payload) {
    if (payload.issued_at == 0) {
        payload.issued_at = util::now_unix();
    }
    if (payload.expires_at == 0) {
        payload.expires_at = payload.issued_at + identity_.options().token_expiration.count();
    }
    if (payload.audit_ids.empty()) {
        payload.audit_ids.push_back(token::new_audit_id());
    }
    std::string why;
    auto expanded = expand(payload, why);
    if (!expanded) {
        throw api::Fault::unauthorized("The request you have made requires authentication.");
    }
    IssuedToken out{identity_.codec().issue(payload), expanded};
    auto& shard = shard_for(out.id);
    std::lock_guard lock(shard.mu);
    if (shard.entries.size() >= identity_.options().token_cache_size / shards_.size()) {
        shard.entries.clear();
    }
    shard.entries[out.id] = Entry{identity_.generation(), expanded};
    return out;
}

std::shared_ptr<const ValidatedToken> TokenService::validate(std::string_view token_id,
                                                             bool allow_expired) {
    if (token_id.empty() || token_id.size() > token::TokenCodec::kMaxTokenChars) {
        return nullptr;
    }
    const auto now = util::now_unix();
    const auto generation = identity_.generation();
    auto usable = [&](const ValidatedToken& t) {
        if (t.payload.expires_at > now) {
            return true;
        }
        return allow_expired &&
               t.payload.expires_at + identity_.options().allow_expired_window.count() > now;
    };
    auto& shard = shard_for(token_id);
    {
        std::lock_guard lock(shard.mu);
        auto it = shard.entries.find(std::string(token_id));
        if (it != shard.entries.end() && it->second.generation == generation) {
            return usable(*it->second.token) ? it->second.token : nullptr;
        }
    }
    auto payload = identity_.codec().decode(token_id);
    if (!payload) {
        return nullptr;
    }
    std::string why;
    auto expanded = expand(*payload, why);
    if (!expanded || identity_.revocations().is_revoked(facts_of(*expanded))) {
        return nullptr;
    }
    {
        std::lock_guard lock(shard.mu);
        if (shard.entries.size() >= identity_.options().token_cache_size / shards_.size()) {
            shard.entries.clear();
        }
        shard.entries[std::string(token_id)] = Entry{generation, expanded};
    }
    return usable(*expanded) ? expanded : nullptr;
}

void TokenService::revoke(const ValidatedToken& token) {
    RevocationEvent event;
    event.audit_id = token.payload.audit_ids.empty() ? "" : token.payload.audit_ids.front();
    identity_.db().write([&](Conn& c) { identity_.revocations().record(c, event); });
    identity_.changed();
}

}  // namespace onestack::identity
