#include "compute/rpc/context.hpp"

#include <boost/json/array.hpp>

#include "common/util/ids.hpp"
#include "compute/rpc/json_fields.hpp"

namespace onestack::compute::rpc {
boost::json::object context_to_json(const RequestContext& ctx) {
    boost::json::array roles;
    for (const auto& r : ctx.roles) {
        roles.emplace_back(r);
    }
    boost::json::object o{
        {"request_id", ctx.request_id},
        {"global_request_id", ctx.global_request_id},
        {"user_id", ctx.user_id},
        {"user_name", ctx.user_name},
        {"project_id", ctx.project_id},
        {"project_name", ctx.project_name},
        {"roles", std::move(roles)},
        {"auth_token", ctx.auth_token},
        {"is_admin_project", ctx.is_admin_project},
    };
    if (!ctx.system_scope.empty()) {
        o["system_scope"] = ctx.system_scope;
    }
    return o;
}

RequestContext context_from_json(const boost::json::object& o) {
    RequestContext ctx;
    ctx.request_id = str_field(o, "request_id");
    ctx.global_request_id = str_field(o, "global_request_id");
    ctx.user_id = str_field(o, "user_id");
    ctx.user_name = str_field(o, "user_name");
    ctx.project_id = str_field(o, "project_id");
    ctx.project_name = str_field(o, "project_name");
    ctx.auth_token = str_field(o, "auth_token");
    ctx.system_scope = str_field(o, "system_scope");
    ctx.authenticated = !ctx.user_id.empty();
    if (const auto* roles = o.if_contains("roles"); roles != nullptr && roles->is_array()) {
        for (const auto& r : roles->get_array()) {
            if (r.is_string()) {
                ctx.roles.emplace_back(r.get_string());
            }
        }
    }
    if (const auto* a = o.if_contains("is_admin_project"); a != nullptr && a->is_bool()) {
        ctx.is_admin_project = a->get_bool();
    }
    return ctx;
}

RequestContext system_context() {
    RequestContext ctx;
    ctx.request_id = util::request_id();
    ctx.roles = {"admin"};
    ctx.authenticated = true;
    return ctx;
}

}  // namespace onestack::compute::rpc
