#include "identity/db/domain_config_store.hpp"

#include <boost/json.hpp>

namespace onestack::identity::db {
namespace {

using onestack::db::boolean;

void insert(Conn& c, const std::string& domain_id, const DomainConfigRow& r) {
    c.exec(
        "INSERT INTO domain_config (domain_id, config_group, option, value, sensitive)"
        " VALUES (:d, :g, :o, :v, :s)",
        {domain_id, r.group, r.option, boost::json::serialize(r.value), boolean(r.sensitive)});
}

}  // namespace

std::vector<DomainConfigRow> list_domain_config(Conn& c, const std::string& domain_id,
                                                const std::string& group, const std::string& option,
                                                std::optional<bool> sensitive) {
    std::string sql =
        "SELECT config_group, option, value, sensitive FROM domain_config WHERE domain_id = :d";
    onestack::db::Params params{domain_id};
    if (!group.empty()) {
        sql += " AND config_group = :g";
        params.push_back(group);
        if (!option.empty()) {
            sql += " AND option = :o";
            params.push_back(option);
        }
    }
    if (sensitive) {
        sql += " AND sensitive = :s";
        params.push_back(boolean(*sensitive));
    }
    sql += " ORDER BY config_group, option";
    std::vector<DomainConfigRow> out;
    for (const auto& r : c.query(sql, params)) {
        boost::json::error_code ec;
        auto value = boost::json::parse(r.str("value"), ec);
        out.push_back({r.str("config_group"), r.str("option"),
                       ec ? boost::json::value(r.str("value")) : value, r.flag("sensitive")});
    }
    return out;
}

void replace_domain_config(Conn& c, const std::string& domain_id,
                           const std::vector<DomainConfigRow>& rows) {
    delete_domain_config(c, domain_id);
    for (const auto& r : rows) {
        insert(c, domain_id, r);
    }
}

void upsert_domain_config(Conn& c, const std::string& domain_id,
                          const std::vector<DomainConfigRow>& rows) {
    for (const auto& r : rows) {
        delete_domain_config(c, domain_id, r.group, r.option);
        insert(c, domain_id, r);
    }
}

void delete_domain_config(Conn& c, const std::string& domain_id, const std::string& group,
                          const std::string& option) {
    std::string sql = "DELETE FROM domain_config WHERE domain_id = :d";
    onestack::db::Params params{domain_id};
    if (!group.empty()) {
        sql += " AND config_group = :g";
        params.push_back(group);
        if (!option.empty()) {
            sql += " AND option = :o";
            params.push_back(option);
        }
    }
    c.exec(sql, params);
}

}  // namespace onestack::identity::db
