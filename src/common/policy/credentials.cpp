#include "common/policy/credentials.hpp"

#include <boost/json/array.hpp>

#include "common/policy/python_text.hpp"

namespace onestack::policy {

namespace {

// oslo.context holds None for what is unset; "" would wrongly match an empty target value.
boost::json::value id_or_null(const std::string& id) {
    return id.empty() ? boost::json::value(nullptr) : boost::json::value(id);
}

boost::json::array lowered(const std::vector<std::string>& roles) {
    boost::json::array out;
    out.reserve(roles.size());
    for (const std::string& role : roles) {
        out.emplace_back(ascii_lower(role));
    }
    return out;
}

boost::json::object id_and_name(const std::string& id, const std::string& name) {
    return {{"id", id_or_null(id)}, {"name", id_or_null(name)}};
}

boost::json::object token_body(const RequestContext& ctx) {
    boost::json::object user = id_and_name(ctx.user_id, ctx.user_name);
    user["domain"] = id_and_name(ctx.user_domain_id, ctx.user_domain_name);
    boost::json::object token{{"user", std::move(user)}};
    if (!ctx.project_id.empty()) {
        boost::json::object project = id_and_name(ctx.project_id, ctx.project_name);
        project["domain"] = id_and_name(ctx.project_domain_id, ctx.project_domain_name);
        token["project"] = std::move(project);
    }
    if (!ctx.domain_id.empty()) {
        token["domain"] = id_and_name(ctx.domain_id, ctx.domain_name);
    }
    if (!ctx.system_scope.empty()) {
        token["system"] = boost::json::object{{ctx.system_scope, true}};
    }
    return token;
}

}  // namespace

boost::json::object credentials_from(const RequestContext& ctx) {
    return {
        {"user_id", id_or_null(ctx.user_id)},
        {"user_domain_id", id_or_null(ctx.user_domain_id)},
        {"system_scope", id_or_null(ctx.system_scope)},
        {"domain_id", id_or_null(ctx.domain_id)},
        {"project_id", id_or_null(ctx.project_id)},
        {"project_domain_id", id_or_null(ctx.project_domain_id)},
        {"roles", lowered(ctx.roles)},
        {"is_admin_project", ctx.is_admin_project},
        // Service-token identity is not carried by RequestContext yet; only its roles are.
        {"service_user_id", nullptr},
        {"service_user_domain_id", nullptr},
        {"service_project_id", nullptr},
        {"service_project_domain_id", nullptr},
        {"service_roles", boost::json::array(ctx.service_roles.begin(), ctx.service_roles.end())},
        {"trust_id", id_or_null(ctx.trust_id)},
        {"trustor_id", id_or_null(ctx.trustor_id)},
        {"trustee_id", id_or_null(ctx.trustee_id)},
        {"token", token_body(ctx)},
    };
}

}  // namespace onestack::policy
