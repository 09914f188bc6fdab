// /v3/endpoints (keystone/api/endpoints.py, catalog/core.py): an endpoint
// belongs to an existing service and, optionally, an existing region. The
// legacy "region" attribute names a region that is created on demand.
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "identity/api/attribute_filters.hpp"
#include "identity/api/catalog_routes.hpp"
#include "identity/api/common.hpp"
#include "identity/api/request_member.hpp"
#include "identity/api/views.hpp"
#include "identity/catalog/endpoint_url.hpp"
#include "identity/db/catalog_store.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
using onestack::db::Conn;
using onestack::http::Verb;

// keystone/catalog/schema.py endpoint_create / endpoint_update, with
// parameter_types.url.
constexpr const char* kEndpointProperties = R"("properties": {
        "enabled": {"type": "boolean", "enum": [true, false]},
        "interface": {"type": "string", "enum": ["admin", "internal", "public"]},
        "region_id": {"type": "string"},
        "region": {"type": "string"},
        "service_id": {"type": "string"},
        "url": {"type": "string", "minLength": 0, "maxLength": 225,
                "pattern": "^[a-zA-Z0-9+.-]+:.+"}
    })";

const onestack::json::Schema& create_schema() {
    static const auto schema = onestack::json::Schema::compile(
        std::string(R"({"type": "object", )") + kEndpointProperties +
        R"(, "required": ["interface", "service_id", "url"], "additionalProperties": true})");
    return schema;
}

const onestack::json::Schema& update_schema() {
    static const auto schema = onestack::json::Schema::compile(
        std::string(R"({"type": "object", )") + kEndpointProperties +
        R"(, "minProperties": 1, "additionalProperties": true})");
    return schema;
}

// Endpoint.from_dict: the columns (a null "enabled" is true), the rest as
// extra. legacy_endpoint_id is a column keystone never shows.
Endpoint endpoint_from(const json::object& ref) {
    Endpoint e;
    e.id = str_or_empty(ref, "id");
    e.service_id = str_or_empty(ref, "service_id");
    e.interface = str_or_empty(ref, "interface");
    e.url = str_or_empty(ref, "url");
    e.region_id = str_or_empty(ref, "region_id");
    auto* enabled = ref.if_contains("enabled");
    e.enabled = !enabled || !enabled->is_bool() || enabled->as_bool();
    e.extra = extra_attributes(ref, {"id", "service_id", "interface", "url", "region_id", "enabled",
                                     "legacy_endpoint_id", "links"});
    return e;
}

Endpoint endpoint_or_404(Conn& c, const std::string& id) {
    auto e = db::get_endpoint(c, id);
    if (!e) {
        throw not_found("endpoint", id);
    }
    return std::move(*e);
}

Fault missing_reference(std::string_view attribute, std::string_view table) {
    return Fault::bad_request("Expecting to find endpoint " + std::string(attribute) + " in " +
                              std::string(table) +
                              ". The server could not comply with the request since it is "
                              "either malformed or otherwise incorrect. The client is assumed "
                              "to be in error.");
}

// Keystone's _validate_endpoint_region: with no region_id, a legacy
// "region" becomes the region_id, and that region is created if missing.
void adopt_legacy_region(Conn& c, json::object& ref) {
    if (!absent_or_null(ref, "region_id") || absent_or_null(ref, "region")) {
        return;
    }
    std::string region_id(ref.at("region").as_string());
    ref.erase("region");
    ref["region_id"] = region_id;
    if (!db::get_region(c, region_id)) {
        db::insert_region(c, {region_id, "", "", {}});
    }
}

// Keystone's _assert_region_exists / _assert_service_exists, for the
// references the request names.
void require_references(Conn& c, const json::object& ref) {
    if (!absent_or_null(ref, "region_id") &&
        !db::get_region(c, std::string(ref.at("region_id").as_string()))) {
        throw missing_reference("region_id", "region table");
    }
    if (!absent_or_null(ref, "service_id") &&
        !db::get_service(c, std::string(ref.at("service_id").as_string()))) {
        throw missing_reference("service_id", "service table");
    }
}

Response create_endpoint(Identity& identity, Request& req) {
    authorize(identity, req, "identity:create_endpoint");
    auto ref = validated_member(req, "endpoint", create_schema());
    if (!endpoint_url_substitutions_valid(ref.at("url").as_string())) {
        throw Fault::bad_request("Cannot create an endpoint with an invalid URL: " +
                                 std::string(ref.at("url").as_string()) + ".");
    }
    ref = normalized_keys(ref);
    ref["id"] = util::uuid_hex();
    auto endpoint = identity.db().write([&](Conn& c) {
        adopt_legacy_region(c, ref);
        require_references(c, ref);
        auto e = endpoint_from(ref);
        db::insert_endpoint(c, e);
        return e;
    });
    identity.changed();
    return json_response(201, {{"endpoint", endpoint_view(req, endpoint)}});
}

Response get_endpoint(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_endpoint");
    auto endpoint =
        identity.db().read([&](Conn& c) { return endpoint_or_404(c, req.param("endpoint_id")); });
    return json_response(200, {{"endpoint", endpoint_view(req, endpoint)}});
}

Response list_endpoints(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_endpoints");
    auto filters = attribute_filters(req.query(), {"interface", "service_id", "region_id"});
    auto endpoints = identity.db().read([](Conn& c) { return db::list_endpoints(c); });
    json::array list;
    for (const auto& e : endpoints) {
        auto view = endpoint_view(req, e);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"endpoints", std::move(list)}, {"links", collection_links(req)}});
}

Response update_endpoint(Identity& identity, Request& req) {
    const auto& id = req.param("endpoint_id");
    authorize(identity, req, "identity:update_endpoint");
    auto changes = validated_member(req, "endpoint", update_schema());
    require_matching_id(changes, id);
    auto endpoint = identity.db().write([&](Conn& c) {
        adopt_legacy_region(c, changes);
        require_references(c, changes);
        auto current = endpoint_or_404(c, id);
        auto merged = current.extra;
        merged["service_id"] = current.service_id;
        merged["interface"] = current.interface;
        merged["url"] = current.url;
        merged["region_id"] =
            current.region_id.empty() ? json::value(nullptr) : json::value(current.region_id);
        merged["enabled"] = current.enabled;
        for (const auto& [k, v] : changes) {
            merged[k] = v;
        }
        merged["id"] = id;
        auto updated = endpoint_from(merged);
        db::update_endpoint(c, updated);
        return updated;
    });
    identity.changed();
    return json_response(200, {{"endpoint", endpoint_view(req, endpoint)}});
}

Response delete_endpoint(Identity& identity, Request& req) {
    const auto& id = req.param("endpoint_id");
    authorize(identity, req, "identity:delete_endpoint");
    identity.db().write([&](Conn& c) {
        endpoint_or_404(c, id);
        db::delete_endpoint(c, id);  // and its OS-EP-FILTER project associations
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_endpoint_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*h)(Identity&, Request&)) {
        return [&identity, h](Request& req) { return h(identity, req); };
    };
    r.add(Verb::get, "/v3/endpoints", bind(list_endpoints));
    r.add(Verb::post, "/v3/endpoints", bind(create_endpoint));
    r.add(Verb::get, "/v3/endpoints/{endpoint_id}", bind(get_endpoint));
    r.add(Verb::patch, "/v3/endpoints/{endpoint_id}", bind(update_endpoint));
    r.add(Verb::delete_, "/v3/endpoints/{endpoint_id}", bind(delete_endpoint));
}

}  // namespace onestack::identity::api
