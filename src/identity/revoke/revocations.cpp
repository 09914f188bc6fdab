#include "identity/revoke/revocations.hpp"

#include <algorithm>

#include "common/util/time.hpp"
#include "identity/identity.hpp"

namespace onestack::identity {
namespace {

using onestack::db::nullable;

bool field_matches(const std::string& event_value,
                   std::initializer_list<const std::string*> token) {
    if (event_value.empty()) {
        return true;
    }
    for (const auto* v : token) {
        if (*v == event_value) {
            return true;
        }
    }
    return false;
}

bool matches(const RevocationEvent& e, const TokenFacts& t) {
    // keystone/models/revoke_model.py: is_revoked / matches
    if (e.issued_before < t.issued_at) {
        return false;
    }
    if (e.expires_at != 0 && e.expires_at != t.expires_at) {
        return false;
    }
    if (!field_matches(e.user_id, {&t.user_id, &t.trustor_id, &t.trustee_id})) {
        return false;
    }
    if (!field_matches(e.domain_id, {&t.identity_domain_id, &t.assignment_domain_id})) {
        return false;
    }
    if (!field_matches(e.project_id, {&t.project_id})) {
        return false;
    }
    if (!field_matches(e.trust_id, {&t.trust_id})) {
        return false;
    }
    if (!field_matches(e.audit_id, {&t.audit_id})) {
        return false;
    }
    if (!field_matches(e.audit_chain_id, {&t.audit_chain_id})) {
        return false;
    }
    if (!e.role_id.empty() &&
        std::find(t.role_ids.begin(), t.role_ids.end(), e.role_id) == t.role_ids.end()) {
        return false;
    }
    return true;
}

std::int64_t parse_time(const std::string& s) {
    return util::parse_iso8601(s).value_or(0);
}
std::string format_time(std::int64_t secs) {
    return util::iso8601_micros(secs * 1000000);
}

}  // namespace

void Revocations::record(onestack::db::Conn& c, RevocationEvent e) {
    if (e.revoked_at == 0) {
        e.revoked_at = util::now_unix();
    }
    if (e.issued_before == 0) {
        e.issued_before = e.revoked_at;
    }
    c.exec(
        "INSERT INTO revocation_event (domain_id, project_id, user_id, role_id, trust_id,"
        " consumer_id, access_token_id, issued_before, expires_at, revoked_at, audit_id,"
        " audit_chain_id) VALUES (:d, :p, :u, :r, :t, :c, :a, :ib, :ex, :ra, :au, :ac)",
        {nullable(e.domain_id), nullable(e.project_id), nullable(e.user_id), nullable(e.role_id),
         nullable(e.trust_id), nullable(e.consumer_id), nullable(e.access_token_id),
         format_time(e.issued_before),
         e.expires_at ? onestack::db::Value(format_time(e.expires_at)) : onestack::db::null(),
         format_time(e.revoked_at), nullable(e.audit_id), nullable(e.audit_chain_id)});
    // Events older than any token that could still validate are useless.
    auto horizon = e.revoked_at - identity_.options().token_expiration.count() -
                   identity_.options().allow_expired_window.count();
    c.exec("DELETE FROM revocation_event WHERE revoked_at < :h", {format_time(horizon)});
}

void Revocations::refresh() {
    auto gen = identity_.generation();
    {
        std::shared_lock lock(mu_);
        if (loaded_generation_ == gen) {
            return;
        }
    }
    auto rows = identity_.db().read([](onestack::db::Conn& c) {
        return c.query("SELECT * FROM revocation_event ORDER BY id");
    });
    std::vector<RevocationEvent> events;
    events.reserve(rows.size());
    for (const auto& r : rows) {
        RevocationEvent e;
        e.domain_id = r.str("domain_id");
        e.project_id = r.str("project_id");
        e.user_id = r.str("user_id");
        e.role_id = r.str("role_id");
        e.trust_id = r.str("trust_id");
        e.consumer_id = r.str("consumer_id");
        e.access_token_id = r.str("access_token_id");
        e.audit_id = r.str("audit_id");
        e.audit_chain_id = r.str("audit_chain_id");
        e.issued_before = parse_time(r.str("issued_before"));
        e.expires_at = r.is_null("expires_at") ? 0 : parse_time(r.str("expires_at"));
        e.revoked_at = parse_time(r.str("revoked_at"));
        events.push_back(std::move(e));
    }
    std::unique_lock lock(mu_);
    events_ = std::move(events);
    loaded_generation_ = gen;
}

bool Revocations::is_revoked(const TokenFacts& token) {
    refresh();
    std::shared_lock lock(mu_);
    for (const auto& e : events_) {
        if (matches(e, token)) {
            return true;
        }
    }
    return false;
}

std::vector<RevocationEvent> Revocations::list(std::int64_t since) {
    refresh();
    std::shared_lock lock(mu_);
    std::vector<RevocationEvent> out;
    for (const auto& e : events_) {
        if (e.revoked_at >= since) {
            out.push_back(e);
        }
    }
    return out;
}

}  // namespace onestack::identity
