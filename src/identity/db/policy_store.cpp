#include "identity/db/policy_store.hpp"

#include "identity/db/json_column.hpp"

namespace onestack::identity::db {
namespace {

constexpr const char* kPolicy = "SELECT id, type, blob, extra FROM policy";

PolicyBlob policy_from(const onestack::db::Row& r) {
    return {r.str("id"), r.str("type"), r.str("blob"), parse_object(r.str("extra"))};
}

}  // namespace

std::optional<PolicyBlob> get_policy(Conn& c, const std::string& id) {
    auto r = c.query_one(std::string(kPolicy) + " WHERE id = :id", {id});
    return r ? std::optional<PolicyBlob>(policy_from(*r)) : std::nullopt;
}

std::vector<PolicyBlob> list_policies(Conn& c) {
    std::vector<PolicyBlob> out;
    for (const auto& r : c.query(std::string(kPolicy) + " ORDER BY id")) {
        out.push_back(policy_from(r));
    }
    return out;
}

void insert_policy(Conn& c, const PolicyBlob& p) {
    c.exec("INSERT INTO policy (id, type, blob, extra) VALUES (:id, :t, :b, :x)",
           {p.id, p.type, p.blob, dump(p.extra)});
}

void update_policy(Conn& c, const PolicyBlob& p) {
    c.exec("UPDATE policy SET type = :t, blob = :b, extra = :x WHERE id = :id",
           {p.type, p.blob, dump(p.extra), p.id});
}

void delete_policy(Conn& c, const std::string& id) {
    c.exec("DELETE FROM policy WHERE id = :id", {id});
}

}  // namespace onestack::identity::db
