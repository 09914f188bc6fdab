#include "identity/db/application_credential_store.hpp"

namespace onestack::identity::db {
namespace {

using onestack::db::boolean;
using onestack::db::nullable;
using onestack::db::Row;
using onestack::db::Value;

constexpr const char* kColumns =
    "SELECT id, name, secret_hash, description, user_id, project_id, system, expires_at,"
    " unrestricted FROM application_credential";
constexpr const char* kRuleColumns = "SELECT id, service, path, method, user_id FROM access_rule";

AccessRule rule_from(const Row& r) {
    return {r.str("id"), r.str("service"), r.str("path"), r.str("method"), r.str("user_id")};
}

// The credential's row plus its roles and rules (two small queries).
ApplicationCredential load(Conn& c, const Row& r) {
    ApplicationCredential ac;
    ac.id = r.str("id");
    ac.name = r.str("name");
    ac.secret_hash = r.str("secret_hash");
    ac.description = r.opt_str("description");
    ac.user_id = r.str("user_id");
    ac.project_id = r.str("project_id");
    ac.system = r.str("system");
    ac.expires_at = r.str("expires_at");
    ac.unrestricted = r.flag("unrestricted");
    for (const auto& role : c.query("SELECT role_id FROM application_credential_role"
                                    " WHERE application_credential_id = :id ORDER BY role_id",
                                    {ac.id})) {
        ac.role_ids.push_back(role.str("role_id"));
    }
    for (const auto& rule :
         c.query("SELECT r.id, r.service, r.path, r.method, r.user_id FROM access_rule r"
                 " JOIN application_credential_access_rule a ON a.access_rule_id = r.id"
                 " WHERE a.application_credential_id = :id ORDER BY r.id",
                 {ac.id})) {
        ac.access_rules.push_back(rule_from(rule));
    }
    return ac;
}

// The user's rule with this id, or one with the same service, path and method.
std::optional<AccessRule> existing_rule(Conn& c, const std::string& user_id,
                                        const AccessRule& wanted) {
    if (!wanted.id.empty()) {
        if (auto r = c.query_one(std::string(kRuleColumns) + " WHERE id = :id AND user_id = :u",
                                 {wanted.id, user_id})) {
            return rule_from(*r);
        }
    }
    auto r = c.query_one(
        std::string(kRuleColumns) +
            " WHERE user_id = :u AND service IS NOT DISTINCT FROM :s"
            " AND path IS NOT DISTINCT FROM :p AND method IS NOT DISTINCT FROM :m",
        {user_id, nullable(wanted.service), nullable(wanted.path), nullable(wanted.method)});
    return r ? std::optional<AccessRule>(rule_from(*r)) : std::nullopt;
}

}  // namespace

std::optional<ApplicationCredential> get_application_credential(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kColumns) + " WHERE id = :id", {id});
    return r ? std::optional<ApplicationCredential>(load(c, *r)) : std::nullopt;
}

std::optional<ApplicationCredential> get_application_credential_by_name(Conn& c,
                                                                        const std::string& user_id,
                                                                        const std::string& name) {
    auto r =
        c.query_one(std::string(kColumns) + " WHERE user_id = :u AND name = :n", {user_id, name});
    return r ? std::optional<ApplicationCredential>(load(c, *r)) : std::nullopt;
}

std::vector<ApplicationCredential> list_application_credentials(
    Conn& c, const std::string& user_id, const std::optional<std::string>& name) {
    std::string sql = std::string(kColumns) + " WHERE user_id = :u";
    onestack::db::Params params{user_id};
    if (name) {
        sql += " AND name = :n";
        params.push_back(*name);
    }
    sql += " ORDER BY name, id";
    std::vector<ApplicationCredential> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(load(c, r));
    }
    return out;
}

void insert_application_credential(Conn& c, ApplicationCredential& ac) {
    c.exec(
        "INSERT INTO application_credential (id, name, secret_hash, description, user_id,"
        " project_id, system, expires_at, unrestricted) VALUES (:id, :name, :hash, :d, :u, :p,"
        " :s, :e, :unr)",
        {ac.id, ac.name, ac.secret_hash,
         ac.description ? Value(*ac.description) : onestack::db::null(), ac.user_id,
         nullable(ac.project_id), nullable(ac.system), nullable(ac.expires_at),
         boolean(ac.unrestricted)});
    for (const auto& role_id : ac.role_ids) {
        c.exec(
            "INSERT INTO application_credential_role (application_credential_id, role_id)"
            " VALUES (:a, :r)",
            {ac.id, role_id});
    }
    std::vector<AccessRule> linked;
    for (const auto& wanted : ac.access_rules) {
        auto rule = existing_rule(c, ac.user_id, wanted);
        if (!rule) {
            rule = wanted;
            rule->user_id = ac.user_id;
            c.exec(
                "INSERT INTO access_rule (id, service, path, method, user_id)"
                " VALUES (:id, :s, :p, :m, :u)",
                {rule->id, nullable(rule->service), nullable(rule->path), nullable(rule->method),
                 rule->user_id});
        }
        // The same rule named twice links once.
        bool already = false;
        for (const auto& l : linked) {
            already = already || l.id == rule->id;
        }
        if (!already) {
            c.exec(
                "INSERT INTO application_credential_access_rule"
                " (application_credential_id, access_rule_id) VALUES (:a, :r)",
                {ac.id, rule->id});
            linked.push_back(*rule);
        }
    }
    ac.access_rules = std::move(linked);
}

bool delete_application_credential(Conn& c, const std::string& id) {
    // Link rows first: foreign keys may not be enforced, so no cascade is assumed.
    c.exec("DELETE FROM application_credential_role WHERE application_credential_id = :id", {id});
    c.exec("DELETE FROM application_credential_access_rule WHERE application_credential_id = :id",
           {id});
    return c.exec("DELETE FROM application_credential WHERE id = :id", {id}) > 0;
}

std::optional<AccessRule> get_access_rule(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kRuleColumns) + " WHERE id = :id", {id});
    return r ? std::optional<AccessRule>(rule_from(*r)) : std::nullopt;
}

std::vector<AccessRule> list_access_rules(Conn& c, const std::string& user_id) {
    std::vector<AccessRule> out;
    for (const auto& r :
         c.query(std::string(kRuleColumns) + " WHERE user_id = :u ORDER BY service, path, method",
                 {user_id})) {
        out.push_back(rule_from(r));
    }
    return out;
}

bool access_rule_in_use(Conn& c, const std::string& id) {
    return c
        .query_one(
            "SELECT 1 AS one FROM application_credential_access_rule"
            " WHERE access_rule_id = :id",
            {id})
        .has_value();
}

bool delete_access_rule(Conn& c, const std::string& id) {
    return c.exec("DELETE FROM access_rule WHERE id = :id", {id}) > 0;
}

}  // namespace onestack::identity::db
