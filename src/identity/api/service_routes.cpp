// /v3/services (keystone/api/services.py, catalog/core.py): a service's
// columns are id, type and enabled; name, description and anything else a
// client sends live in "extra", as keystone stores them.
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/attribute_filters.hpp"
#include "identity/api/catalog_routes.hpp"
#include "identity/api/common.hpp"
#include "identity/api/request_member.hpp"
#include "identity/api/views.hpp"
#include "identity/db/catalog_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/catalog/schema.py service_create / service_update.
constexpr const char* kServiceProperties = R"("properties": {
        "enabled": {"type": "boolean", "enum": [true, false]},
        "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "[\\S]+"},
        "type": {"type": "string", "minLength": 1, "maxLength": 255}
    })";

const onestack::json::Schema& create_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kServiceProperties +
                                        R"(, "required": ["type"], "additionalProperties": true})");
    return schema;
}

const onestack::json::Schema& update_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kServiceProperties +
                                        R"(, "minProperties": 1, "additionalProperties": true})");
    return schema;
}

// Service.from_dict: the columns, and everything else as extra.
Service service_from(const json::object& ref) {
    Service s;
    s.id = str_or_empty(ref, "id");
    s.type = str_or_empty(ref, "type");
    auto* enabled = ref.if_contains("enabled");
    s.enabled = !enabled || !enabled->is_bool() || enabled->as_bool();
    s.extra = extra_attributes(ref, {"id", "type", "enabled", "links"});
    return s;
}

Service service_or_404(Conn& c, const std::string& id) {
    auto s = db::get_service(c, id);
    if (!s) {
        throw not_found("service", id);
    }
    return std::move(*s);
}

Response create_service(Identity& identity, Request& req) {
    authorize(identity, req, "identity:create_service");
    auto ref = normalized_keys(validated_member(req, "service", create_schema()));
    ref["id"] = util::uuid_hex();
    if (!ref.contains("enabled")) {
        ref["enabled"] = true;
    }
    if (!ref.contains("name")) {
        ref["name"] = "";
    }
    auto service = service_from(ref);
    identity.db().write([&](Conn& c) { db::insert_service(c, service); });
    identity.changed();
    return json_response(201, {{"service", service_view(req, service)}});
}

Response get_service(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_service");
    auto service =
        identity.db().read([&](Conn& c) { return service_or_404(c, req.param("service_id")); });
    return json_response(200, {{"service", service_view(req, service)}});
}

Response list_services(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_services");
    auto filters = attribute_filters(req.query(), {"type", "name"});
    auto services = identity.db().read([](Conn& c) { return db::list_services(c); });
    json::array list;
    for (const auto& s : services) {
        auto view = service_view(req, s);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"services", std::move(list)}, {"links", collection_links(req)}});
}

Response update_service(Identity& identity, Request& req) {
    const auto& id = req.param("service_id");
    authorize(identity, req, "identity:update_service");
    auto changes = validated_member(req, "service", update_schema());
    require_matching_id(changes, id);
    auto service = identity.db().write([&](Conn& c) {
        auto current = service_or_404(c, id);
        auto merged = current.extra;
        merged["type"] = current.type;
        merged["enabled"] = current.enabled;
        for (const auto& [k, v] : changes) {
            merged[k] = v;
        }
        merged["id"] = id;
        auto updated = service_from(merged);
        db::update_service(c, updated);
        return updated;
    });
    identity.changed();
    return json_response(200, {{"service", service_view(req, service)}});
}

// Takes the service's endpoints with it.
Response delete_service(Identity& identity, Request& req) {
    const auto& id = req.param("service_id");
    authorize(identity, req, "identity:delete_service");
    identity.db().write([&](Conn& c) {
        service_or_404(c, id);
        db::delete_service(c, id);
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_service_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*h)(Identity&, Request&)) {
        return [&identity, h](Request& req) { return h(identity, req); };
    };
    r.add(Verb::get, "/v3/services", bind(list_services));
    r.add(Verb::post, "/v3/services", bind(create_service));
    r.add(Verb::get, "/v3/services/{service_id}", bind(get_service));
    r.add(Verb::patch, "/v3/services/{service_id}", bind(update_service));
    r.add(Verb::delete_, "/v3/services/{service_id}", bind(delete_service));
}

}  // namespace onestack::identity::api
