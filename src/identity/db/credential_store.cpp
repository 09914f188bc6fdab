#include "identity/db/credential_store.hpp"

#include "identity/db/json_column.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::nullable;
using onestack::db::Row;

constexpr const char* kColumns =
    "SELECT id, user_id, project_id, type, blob, extra FROM credential";

Credential credential_from(const Row& r) {
    return {r.str("id"),   r.str("user_id"), r.str("project_id"),
            r.str("type"), r.str("blob"),    parse_object(r.str("extra"))};
}

}  // namespace

std::optional<Credential> get_credential(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kColumns) + " WHERE id = :id", {id});
    return r ? std::optional<Credential>(credential_from(*r)) : std::nullopt;
}

std::vector<Credential> list_credentials(Conn& c, const CredentialFilter& filter) {
    std::string sql = std::string(kColumns) + " WHERE 1 = 1";
    onestack::db::Params params;
    if (filter.user_id) {
        sql += " AND user_id = :u";
        params.push_back(*filter.user_id);
    }
    if (filter.type) {
        sql += " AND type = :t";
        params.push_back(*filter.type);
    }
    sql += " ORDER BY user_id, id";
    std::vector<Credential> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(credential_from(r));
    }
    return out;
}

void insert_credential(Conn& c, const Credential& cred) {
    c.exec(
        "INSERT INTO credential (id, user_id, project_id, type, blob, extra)"
        " VALUES (:id, :u, :p, :t, :b, :x)",
        {cred.id, cred.user_id, nullable(cred.project_id), cred.type, cred.blob, dump(cred.extra)});
}

void update_credential(Conn& c, const Credential& cred) {
    c.exec(
        "UPDATE credential SET user_id = :u, project_id = :p, type = :t, blob = :b, extra = :x"
        " WHERE id = :id",
        {cred.user_id, nullable(cred.project_id), cred.type, cred.blob, dump(cred.extra), cred.id});
}

bool delete_credential(Conn& c, const std::string& id) {
    return c.exec("DELETE FROM credential WHERE id = :id", {id}) > 0;
}

}  // namespace onestack::identity::db
