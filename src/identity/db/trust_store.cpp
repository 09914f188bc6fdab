#include "identity/db/trust_store.hpp"

#include "identity/db/json_column.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::boolean;
using onestack::db::nullable;
using onestack::db::Row;
using onestack::db::Value;

constexpr const char* kColumns =
    "SELECT id, trustor_user_id, trustee_user_id, project_id, impersonation, deleted_at,"
    " expires_at, remaining_uses, redelegated_trust_id, redelegation_count, extra FROM trust";

std::optional<std::int64_t> opt_i64(const Row& r, std::string_view column) {
    return r.is_null(column) ? std::nullopt : std::optional<std::int64_t>(r.i64(column));
}

Value opt_value(const std::optional<std::int64_t>& v) {
    return v ? Value(*v) : onestack::db::null();
}

Trust trust_from(const Row& r) {
    Trust t;
    t.id = r.str("id");
    t.trustor_user_id = r.str("trustor_user_id");
    t.trustee_user_id = r.str("trustee_user_id");
    t.project_id = r.str("project_id");
    t.impersonation = r.flag("impersonation");
    t.deleted_at = r.str("deleted_at");
    t.expires_at = r.str("expires_at");
    t.remaining_uses = opt_i64(r, "remaining_uses");
    t.redelegated_trust_id = r.str("redelegated_trust_id");
    t.redelegation_count = opt_i64(r, "redelegation_count");
    t.extra = parse_object(r.str("extra"));
    return t;
}

}  // namespace

std::optional<Trust> get_trust(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kColumns) + " WHERE id = :id", {id});
    if (!r) {
        return std::nullopt;
    }
    auto t = trust_from(*r);
    for (const auto& role :
         c.query("SELECT role_id FROM trust_role WHERE trust_id = :id ORDER BY role_id", {id})) {
        t.role_ids.push_back(role.str("role_id"));
    }
    return t;
}

std::vector<Trust> list_trusts(Conn& c, const TrustFilter& filter) {
    std::string sql = std::string(kColumns) + " WHERE deleted_at IS NULL";
    onestack::db::Params params;
    if (filter.trustor_user_id) {
        sql += " AND trustor_user_id = :tor";
        params.push_back(*filter.trustor_user_id);
    }
    if (filter.trustee_user_id) {
        sql += " AND trustee_user_id = :tee";
        params.push_back(*filter.trustee_user_id);
    }
    if (filter.redelegated_trust_id) {
        sql += " AND redelegated_trust_id = :r";
        params.push_back(*filter.redelegated_trust_id);
    }
    sql += " ORDER BY id";
    std::vector<Trust> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(trust_from(r));
    }
    return out;
}

bool trust_duplicates(Conn& c, const Trust& t) {
    if (t.project_id.empty() || t.expires_at.empty()) {
        return false;
    }
    return c
        .query_one(
            "SELECT 1 AS one FROM trust WHERE trustor_user_id = :tor AND trustee_user_id = :tee"
            " AND project_id = :p AND impersonation = :i AND expires_at = :e",
            {t.trustor_user_id, t.trustee_user_id, t.project_id, boolean(t.impersonation),
             t.expires_at})
        .has_value();
}

void insert_trust(Conn& c, const Trust& t) {
    c.exec(
        "INSERT INTO trust (id, trustor_user_id, trustee_user_id, project_id, impersonation,"
        " deleted_at, expires_at, remaining_uses, redelegated_trust_id, redelegation_count, extra)"
        " VALUES (:id, :tor, :tee, :p, :i, :d, :e, :u, :r, :rc, :x)",
        {t.id, t.trustor_user_id, t.trustee_user_id, nullable(t.project_id),
         boolean(t.impersonation), nullable(t.deleted_at), nullable(t.expires_at),
         opt_value(t.remaining_uses), nullable(t.redelegated_trust_id),
         opt_value(t.redelegation_count), dump(t.extra)});
    for (const auto& role_id : t.role_ids) {
        c.exec("INSERT INTO trust_role (trust_id, role_id) VALUES (:t, :r)", {t.id, role_id});
    }
}

bool soft_delete_trust(Conn& c, const std::string& id, const std::string& deleted_at) {
    return c.exec("UPDATE trust SET deleted_at = :d WHERE id = :id AND deleted_at IS NULL",
                  {deleted_at, id}) > 0;
}

TrustUse consume_trust_use(Conn& c, const std::string& id) {
    auto r =
        c.query_one("SELECT remaining_uses FROM trust WHERE id = :id AND deleted_at IS NULL", {id});
    if (!r) {
        return TrustUse::Missing;
    }
    if (r->is_null("remaining_uses")) {
        return TrustUse::Unlimited;
    }
    // Conditional on the count still being positive, so concurrent issuers
    // on PostgreSQL never take the same last use twice.
    auto changed = c.exec(
        "UPDATE trust SET remaining_uses = remaining_uses - 1"
        " WHERE id = :id AND deleted_at IS NULL AND remaining_uses > 0",
        {id});
    return changed > 0 ? TrustUse::Consumed : TrustUse::Exhausted;
}

}  // namespace onestack::identity::db
