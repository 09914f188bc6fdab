// /v3/policies (keystone/api/policy.py, policy/core.py): opaque policy
// blobs with a type, kept for clients; nothing enforces them.
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/attribute_filters.hpp"
#include "identity/api/common.hpp"
#include "identity/api/request_member.hpp"
#include "identity/api/routes.hpp"
#include "identity/api/views.hpp"
#include "identity/db/policy_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/policy/schema.py policy_create / policy_update.
constexpr const char* kPolicyProperties = R"("properties": {
        "blob": {"type": "string"},
        "type": {"type": "string", "maxLength": 255}
    })";

const onestack::json::Schema& create_schema() {
    static const auto schema = onestack::json::Schema::compile(
        std::string(R"({"type": "object", )") + kPolicyProperties +
        R"(, "required": ["blob", "type"], "additionalProperties": true})");
    return schema;
}

const onestack::json::Schema& update_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kPolicyProperties +
                                        R"(, "minProperties": 1, "additionalProperties": true})");
    return schema;
}

// PolicyModel.from_dict: id, type and blob, the rest as extra.
PolicyBlob policy_from(const json::object& ref) {
    return {str_or_empty(ref, "id"), str_or_empty(ref, "type"), str_or_empty(ref, "blob"),
            extra_attributes(ref, {"id", "type", "blob", "links"})};
}

PolicyBlob policy_or_404(Conn& c, const std::string& id) {
    auto p = db::get_policy(c, id);
    if (!p) {
        throw not_found("policy", id);
    }
    return std::move(*p);
}

Response create_policy(Identity& identity, Request& req) {
    authorize(identity, req, "identity:create_policy");
    auto ref = normalized_keys(validated_member(req, "policy", create_schema(), json::object{}));
    ref["id"] = util::uuid_hex();
    auto policy = policy_from(ref);
    identity.db().write([&](Conn& c) { db::insert_policy(c, policy); });
    return json_response(201, {{"policy", policy_view(req, policy)}});
}

Response get_policy(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_policy");
    auto policy =
        identity.db().read([&](Conn& c) { return policy_or_404(c, req.param("policy_id")); });
    return json_response(200, {{"policy", policy_view(req, policy)}});
}

Response list_policies(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_policies");
    auto filters = attribute_filters(req.query(), {"type"});
    auto policies = identity.db().read([](Conn& c) { return db::list_policies(c); });
    json::array list;
    for (const auto& p : policies) {
        auto view = policy_view(req, p);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"policies", std::move(list)}, {"links", collection_links(req)}});
}

Response update_policy(Identity& identity, Request& req) {
    const auto& id = req.param("policy_id");
    authorize(identity, req, "identity:update_policy");
    auto changes = validated_member(req, "policy", update_schema(), json::object{});
    // Unlike the other resources, any "id" at all, null included, must match.
    if (auto* given = changes.if_contains("id");
        given && !(given->is_string() && given->as_string() == id)) {
        throw Fault::bad_request("Cannot change policy ID");
    }
    auto policy = identity.db().write([&](Conn& c) {
        auto current = policy_or_404(c, id);
        auto merged = current.extra;
        merged["type"] = current.type;
        merged["blob"] = current.blob;
        for (const auto& [k, v] : changes) {
            merged[k] = v;
        }
        merged["id"] = id;
        auto updated = policy_from(merged);
        db::update_policy(c, updated);
        return updated;
    });
    return json_response(200, {{"policy", policy_view(req, policy)}});
}

Response delete_policy(Identity& identity, Request& req) {
    const auto& id = req.param("policy_id");
    authorize(identity, req, "identity:delete_policy");
    identity.db().write([&](Conn& c) {
        policy_or_404(c, id);
        db::delete_policy(c, id);
    });
    return Response::empty(204);
}

}  // namespace

void add_policy_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*h)(Identity&, Request&)) {
        return [&identity, h](Request& req) { return h(identity, req); };
    };
    r.add(Verb::get, "/v3/policies", bind(list_policies));
    r.add(Verb::post, "/v3/policies", bind(create_policy));
    r.add(Verb::get, "/v3/policies/{policy_id}", bind(get_policy));
    r.add(Verb::patch, "/v3/policies/{policy_id}", bind(update_policy));
    r.add(Verb::delete_, "/v3/policies/{policy_id}", bind(delete_policy));
}

}  // namespace onestack::identity::api
