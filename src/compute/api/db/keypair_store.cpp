#include "compute/api/db/keypair_store.hpp"

#include "common/util/time.hpp"

namespace onestack::compute::api::db {
namespace {

KeyPair from_row(const onestack::db::Row& r) {
    KeyPair k;
    k.id = r.i64("id");
    k.name = r.str("name");
    k.user_id = r.str("user_id");
    k.fingerprint = r.str("fingerprint");
    k.public_key = r.str("public_key");
    k.type = r.str("type");
    k.created_at = r.str("created_at");
    return k;
}

}  // namespace

std::vector<KeyPair> list_keypairs(Conn& c, const std::string& user_id,
                                   const std::optional<std::string>& marker,
                                   std::optional<std::size_t> limit) {
    std::string sql = "SELECT * FROM key_pairs WHERE user_id = :u";
    onestack::db::Params params{user_id};
    if (marker) {
        sql += " AND name > :m";
        params.emplace_back(*marker);
    }
    sql += " ORDER BY name";
    if (limit) {
        sql += " LIMIT " + std::to_string(*limit);
    }
    std::vector<KeyPair> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(from_row(r));
    }
    return out;
}

std::optional<KeyPair> get_keypair(Conn& c, const std::string& user_id, const std::string& name) {
    auto r =
        c.query_one("SELECT * FROM key_pairs WHERE user_id = :u AND name = :n", {user_id, name});
    if (!r) {
        return std::nullopt;
    }
    return from_row(*r);
}

std::int64_t count_keypairs(Conn& c, const std::string& user_id) {
    return c.query_one("SELECT COUNT(*) AS n FROM key_pairs WHERE user_id = :u", {user_id})
        ->i64("n");
}

bool insert_keypair(Conn& c, KeyPair& kp) {
    if (get_keypair(c, kp.user_id, kp.name)) {
        return false;
    }
    kp.created_at = util::iso8601_micros(util::now_unix_micros());
    c.exec(
        "INSERT INTO key_pairs (name, user_id, fingerprint, public_key, type, created_at)"
        " VALUES (:n, :u, :f, :p, :t, :c)",
        {kp.name, kp.user_id, kp.fingerprint, kp.public_key, kp.type, kp.created_at});
    kp.id = get_keypair(c, kp.user_id, kp.name)->id;
    return true;
}

bool delete_keypair(Conn& c, const std::string& user_id, const std::string& name) {
    return c.exec("DELETE FROM key_pairs WHERE user_id = :u AND name = :n", {user_id, name}) > 0;
}

}  // namespace onestack::compute::api::db
