#include "identity/db/user_store.hpp"

#include "identity/db/json_column.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::boolean;
using onestack::db::nullable;
using onestack::db::Row;

constexpr const char* kUserColumns =
    "SELECT id, domain_id, name, enabled, default_project_id, description, password_hash,"
    " password_created_at, password_expires_at, extra, options, created_at, last_active_at,"
    " failed_auth_count, failed_auth_at, password_self_service FROM identity_user";
constexpr const char* kGroupColumns =
    "SELECT id, domain_id, name, description, extra FROM identity_group";

User user_from(const Row& r) {
    User u;
    u.id = r.str("id");
    u.domain_id = r.str("domain_id");
    u.name = r.str("name");
    u.enabled = r.flag("enabled");
    u.default_project_id = r.str("default_project_id");
    u.description = r.str("description");
    u.password_hash = r.str("password_hash");
    u.password_created_at = r.str("password_created_at");
    u.password_expires_at = r.str("password_expires_at");
    u.extra = parse_object(r.str("extra"));
    u.options = parse_object(r.str("options"));
    u.created_at = r.str("created_at");
    u.last_active_at = r.str("last_active_at");
    u.failed_auth_count = static_cast<int>(r.i64("failed_auth_count"));
    u.failed_auth_at = r.str("failed_auth_at");
    u.password_self_service = r.flag("password_self_service");
    return u;
}

Group group_from(const Row& r) {
    Group g;
    g.id = r.str("id");
    g.domain_id = r.str("domain_id");
    g.name = r.str("name");
    g.description = r.str("description");
    g.extra = parse_object(r.str("extra"));
    return g;
}

}  // namespace

std::optional<User> get_user(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kUserColumns) + " WHERE id = :id", {id});
    return r ? std::optional<User>(user_from(*r)) : std::nullopt;
}

std::optional<User> get_user_by_name(Conn& c, const std::string& domain_id,
                                     const std::string& name) {
    auto r = c.query_one(std::string(kUserColumns) + " WHERE domain_id = :d AND name = :n",
                         {domain_id, name});
    return r ? std::optional<User>(user_from(*r)) : std::nullopt;
}

std::vector<User> list_users(Conn& c, const UserFilter& f) {
    std::string sql = std::string(kUserColumns) + " WHERE 1 = 1";
    onestack::db::Params params;
    if (f.domain_id) {
        sql += " AND domain_id = :d";
        params.push_back(*f.domain_id);
    }
    if (f.name) {
        sql += " AND name = :n";
        params.push_back(*f.name);
    }
    if (f.enabled) {
        sql += " AND enabled = :e";
        params.push_back(boolean(*f.enabled));
    }
    sql += " ORDER BY name, id";
    std::vector<User> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(user_from(r));
    }
    return out;
}

void insert_user(Conn& c, const User& u) {
    c.exec(
        "INSERT INTO identity_user (id, domain_id, name, enabled, default_project_id, description,"
        " password_hash, password_created_at, password_expires_at, extra, options, created_at,"
        " last_active_at, password_self_service)"
        " VALUES (:id, :d, :n, :e, :dp, :desc, :ph, :pc, :pe, :extra, :opts, :ca, :la, :ss)",
        {u.id, u.domain_id, u.name, boolean(u.enabled), nullable(u.default_project_id),
         nullable(u.description), nullable(u.password_hash), nullable(u.password_created_at),
         nullable(u.password_expires_at), dump(u.extra), dump(u.options), nullable(u.created_at),
         nullable(u.last_active_at), boolean(u.password_self_service)});
}

void update_user(Conn& c, const User& u) {
    c.exec(
        "UPDATE identity_user SET domain_id = :d, name = :n, enabled = :e,"
        " default_project_id = :dp, description = :desc, password_hash = :ph,"
        " password_created_at = :pc, password_expires_at = :pe, extra = :extra, options = :opts,"
        " last_active_at = :la, password_self_service = :ss WHERE id = :id",
        {u.domain_id, u.name, boolean(u.enabled), nullable(u.default_project_id),
         nullable(u.description), nullable(u.password_hash), nullable(u.password_created_at),
         nullable(u.password_expires_at), dump(u.extra), dump(u.options),
         nullable(u.last_active_at), boolean(u.password_self_service), u.id});
}

void record_failed_auth(Conn& c, const std::string& user_id, const std::string& at) {
    c.exec(
        "UPDATE identity_user SET failed_auth_count = failed_auth_count + 1,"
        " failed_auth_at = :at WHERE id = :id",
        {at, user_id});
}

void reset_failed_auth(Conn& c, const std::string& user_id) {
    c.exec("UPDATE identity_user SET failed_auth_count = 0, failed_auth_at = NULL WHERE id = :id",
           {user_id});
}

void set_last_active_at(Conn& c, const std::string& user_id, const std::string& at) {
    c.exec("UPDATE identity_user SET last_active_at = :at WHERE id = :id", {at, user_id});
}

std::vector<std::string> password_history(Conn& c, const std::string& user_id) {
    std::vector<std::string> out;
    for (const auto& r :
         c.query("SELECT password_hash FROM password_history WHERE user_id = :u ORDER BY id DESC",
                 {user_id})) {
        out.push_back(r.str("password_hash"));
    }
    return out;
}

void push_password_history(Conn& c, const std::string& user_id, const std::string& hash,
                           const std::string& created_at, std::size_t keep) {
    c.exec("INSERT INTO password_history (user_id, password_hash, created_at) VALUES (:u, :h, :c)",
           {user_id, hash, created_at});
    std::vector<std::int64_t> stale;
    std::size_t seen = 0;
    for (const auto& r : c.query(
             "SELECT id FROM password_history WHERE user_id = :u ORDER BY id DESC", {user_id})) {
        if (++seen > keep) {
            stale.push_back(r.i64("id"));
        }
    }
    for (auto id : stale) {
        c.exec("DELETE FROM password_history WHERE id = :id", {id});
    }
}

void delete_user(Conn& c, const std::string& id) {
    c.exec("DELETE FROM user_group_membership WHERE user_id = :id", {id});
    c.exec("DELETE FROM password_history WHERE user_id = :id", {id});
    c.exec("DELETE FROM identity_user WHERE id = :id", {id});
}

void delete_user_credentials(Conn& c, const std::string& user_id) {
    c.exec("DELETE FROM credential WHERE user_id = :u", {user_id});
    // Link rows first: foreign keys may not be enforced, so no cascade is assumed.
    constexpr const char* kAppCredsOfUser =
        "SELECT id FROM application_credential WHERE user_id = :u";
    c.exec(std::string("DELETE FROM application_credential_role WHERE"
                       " application_credential_id IN (") +
               kAppCredsOfUser + ")",
           {user_id});
    c.exec(std::string("DELETE FROM application_credential_access_rule WHERE"
                       " application_credential_id IN (") +
               kAppCredsOfUser + ")",
           {user_id});
    c.exec("DELETE FROM application_credential WHERE user_id = :u", {user_id});
    c.exec("DELETE FROM access_rule WHERE user_id = :u", {user_id});
}

std::optional<Group> get_group(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kGroupColumns) + " WHERE id = :id", {id});
    return r ? std::optional<Group>(group_from(*r)) : std::nullopt;
}

std::optional<Group> get_group_by_name(Conn& c, const std::string& domain_id,
                                       const std::string& name) {
    auto r = c.query_one(std::string(kGroupColumns) + " WHERE domain_id = :d AND name = :n",
                         {domain_id, name});
    return r ? std::optional<Group>(group_from(*r)) : std::nullopt;
}

std::vector<Group> list_groups(Conn& c, const std::optional<std::string>& domain_id,
                               const std::optional<std::string>& name) {
    std::string sql = std::string(kGroupColumns) + " WHERE 1 = 1";
    onestack::db::Params params;
    if (domain_id) {
        sql += " AND domain_id = :d";
        params.push_back(*domain_id);
    }
    if (name) {
        sql += " AND name = :n";
        params.push_back(*name);
    }
    sql += " ORDER BY name, id";
    std::vector<Group> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(group_from(r));
    }
    return out;
}

void insert_group(Conn& c, const Group& g) {
    c.exec(
        "INSERT INTO identity_group (id, domain_id, name, description, extra)"
        " VALUES (:id, :d, :n, :desc, :extra)",
        {g.id, g.domain_id, g.name, nullable(g.description), dump(g.extra)});
}

void update_group(Conn& c, const Group& g) {
    c.exec(
        "UPDATE identity_group SET name = :n, description = :desc, extra = :extra WHERE id = :id",
        {g.name, nullable(g.description), dump(g.extra), g.id});
}

void delete_group(Conn& c, const std::string& id) {
    c.exec("DELETE FROM user_group_membership WHERE group_id = :id", {id});
    c.exec("DELETE FROM identity_group WHERE id = :id", {id});
}

std::vector<std::string> group_ids_of_user(Conn& c, const std::string& user_id) {
    std::vector<std::string> out;
    for (const auto& r :
         c.query("SELECT group_id FROM user_group_membership WHERE user_id = :u", {user_id})) {
        out.push_back(r.str("group_id"));
    }
    return out;
}

std::vector<Group> groups_of_user(Conn& c, const std::string& user_id) {
    std::vector<Group> out;
    for (const auto& r : c.query(std::string(kGroupColumns) +
                                     " WHERE id IN (SELECT group_id FROM user_group_membership"
                                     " WHERE user_id = :u) ORDER BY name, id",
                                 {user_id})) {
        out.push_back(group_from(r));
    }
    return out;
}

std::vector<User> users_in_group(Conn& c, const std::string& group_id) {
    std::vector<User> out;
    for (const auto& r : c.query(std::string(kUserColumns) +
                                     " WHERE id IN (SELECT user_id FROM user_group_membership"
                                     " WHERE group_id = :g) ORDER BY name, id",
                                 {group_id})) {
        out.push_back(user_from(r));
    }
    return out;
}

bool is_member(Conn& c, const std::string& user_id, const std::string& group_id) {
    return c
        .query_one("SELECT 1 AS x FROM user_group_membership WHERE user_id = :u AND group_id = :g",
                   {user_id, group_id})
        .has_value();
}

void add_member(Conn& c, const std::string& user_id, const std::string& group_id) {
    if (!is_member(c, user_id, group_id)) {
        c.exec("INSERT INTO user_group_membership (user_id, group_id) VALUES (:u, :g)",
               {user_id, group_id});
    }
}

void remove_member(Conn& c, const std::string& user_id, const std::string& group_id) {
    c.exec("DELETE FROM user_group_membership WHERE user_id = :u AND group_id = :g",
           {user_id, group_id});
}

}  // namespace onestack::identity::db
