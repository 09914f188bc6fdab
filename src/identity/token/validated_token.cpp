#include "identity/token/validated_token.hpp"

#include <boost/json.hpp>

#include "common/util/time.hpp"
#include "identity/catalog/catalog_cache.hpp"

namespace onestack::identity {

namespace json = boost::json;

// keystone/common/render_token.py: render_token_response_from_model
json::object ValidatedToken::to_json(bool with_catalog, CatalogCache& catalog) const {
    json::array methods;
    for (const auto& m : payload.methods) {
        methods.emplace_back(m);
    }
    json::array audit_ids;
    for (const auto& a : payload.audit_ids) {
        audit_ids.emplace_back(a);
    }
    json::value password_expires_at = nullptr;
    if (!user.password_expires_at.empty()) {
        if (auto t = util::parse_iso8601(user.password_expires_at)) {
            password_expires_at = util::iso8601_micros(*t * 1000000);
        }
    }
    json::object tok{
        {"methods", std::move(methods)},
        {"user",
         {{"domain", {{"id", user.domain_id}, {"name", user_domain_name}}},
          {"id", user.id},
          {"name", user.name},
          {"password_expires_at", password_expires_at}}},
        {"audit_ids", std::move(audit_ids)},
        {"expires_at", util::iso8601_micro_z(payload.expires_at)},
        {"issued_at", util::iso8601_micro_z(payload.issued_at)},
    };
    json::array role_list;
    for (const auto& r : roles) {
        role_list.push_back({{"id", r.id}, {"name", r.name}});
    }
    if (system) {
        tok["roles"] = std::move(role_list);
        tok["system"] = {{"all", true}};
    } else if (domain) {
        tok["domain"] = {{"id", domain->id}, {"name", domain->name}};
        tok["roles"] = std::move(role_list);
    } else if (project) {
        tok["project"] = {{"domain", {{"id", project->domain_id}, {"name", project_domain_name}}},
                          {"id", project->id},
                          {"name", project->name}};
        tok["is_domain"] = project->is_domain;
        tok["roles"] = std::move(role_list);
        if (trust) {
            tok["OS-TRUST:trust"] = {{"id", trust->id},
                                     {"trustor_user", {{"id", trust->trustor_id}}},
                                     {"trustee_user", {{"id", trust->trustee_id}}},
                                     {"impersonation", trust->impersonation}};
        }
    }
    if (with_catalog && !unscoped()) {
        tok["catalog"] = catalog.catalog_for(project ? project->id : "");
    }
    if (app_cred) {
        json::object ac{{"id", app_cred->id},
                        {"name", app_cred->name},
                        {"restricted", !app_cred->unrestricted}};
        if (!app_cred->access_rules.empty()) {
            ac["access_rules"] = app_cred->access_rules;
        }
        tok["application_credential"] = std::move(ac);
    }
    return {{"token", std::move(tok)}};
}

const std::string& ValidatedToken::body(bool with_catalog, CatalogCache& catalog) const {
    if (with_catalog) {
        std::call_once(with_catalog_once_,
                       [&] { with_catalog_ = json::serialize(to_json(true, catalog)); });
        return with_catalog_;
    }
    std::call_once(without_catalog_once_,
                   [&] { without_catalog_ = json::serialize(to_json(false, catalog)); });
    return without_catalog_;
}

RequestContext ValidatedToken::to_context() const {
    RequestContext ctx;
    ctx.authenticated = true;
    ctx.expires_at =
        std::chrono::system_clock::time_point(std::chrono::seconds(payload.expires_at));
    ctx.user_id = user.id;
    ctx.user_name = user.name;
    ctx.user_domain_id = user.domain_id;
    ctx.user_domain_name = user_domain_name;
    if (project) {
        ctx.project_id = project->id;
        ctx.project_name = project->name;
        ctx.project_domain_id = project->domain_id;
        ctx.project_domain_name = project_domain_name;
    }
    if (domain) {
        ctx.domain_id = domain->id;
        ctx.domain_name = domain->name;
    }
    if (system) {
        ctx.system_scope = "all";
    }
    for (const auto& r : roles) {
        ctx.roles.push_back(r.name);
        ctx.role_ids.push_back(r.id);
    }
    ctx.is_admin_project = is_admin_project;
    if (trust) {
        ctx.trust_id = trust->id;
        ctx.trustor_id = trust->trustor_id;
        ctx.trustee_id = trust->trustee_id;
    }
    if (app_cred) {
        ctx.application_credential_id = app_cred->id;
    }
    return ctx;
}

}  // namespace onestack::identity
