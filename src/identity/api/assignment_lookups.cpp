#include "identity/api/assignment_lookups.hpp"

#include "identity/api/common.hpp"
#include "identity/db/project_store.hpp"
#include "identity/db/role_store.hpp"
#include "identity/db/user_store.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;

json::value nullable(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

}  // namespace

Role role_or_404(onestack::db::Conn& c, const std::string& id) {
    auto r = db::get_role(c, id);
    if (!r) {
        throw not_found("role", id);
    }
    return std::move(*r);
}

User user_or_404(onestack::db::Conn& c, const std::string& id) {
    auto u = db::get_user(c, id);
    if (!u) {
        throw not_found("user", id);
    }
    return std::move(*u);
}

Group group_or_404(onestack::db::Conn& c, const std::string& id) {
    auto g = db::get_group(c, id);
    if (!g) {
        throw not_found("group", id);
    }
    return std::move(*g);
}

Project project_or_404(onestack::db::Conn& c, const std::string& id) {
    auto p = db::get_project(c, id);
    if (!p) {
        throw not_found("project", id);
    }
    return std::move(*p);
}

Project domain_or_404(onestack::db::Conn& c, const std::string& id) {
    auto d = db::get_domain(c, id);
    if (!d) {
        throw not_found("domain", id);
    }
    return std::move(*d);
}

json::object role_target(const Role& r) {
    return {{"id", r.id}, {"name", r.name}, {"domain_id", nullable(r.domain_id)}};
}

json::object user_target(const User& u) {
    return {{"id", u.id}, {"name", u.name}, {"domain_id", u.domain_id}, {"enabled", u.enabled}};
}

json::object group_target(const Group& g) {
    return {{"id", g.id}, {"name", g.name}, {"domain_id", g.domain_id}};
}

}  // namespace onestack::identity::api
