// /v3/regions (keystone/api/regions.py; the rules in catalog/core.py and
// catalog/backends/sql.py): a tree of regions by parent_region_id.
#include <boost/json.hpp>
#include <set>

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

// keystone/catalog/schema.py region_create / region_update.
constexpr const char* kRegionProperties = R"("properties": {
        "description": {"type": ["string", "null"]},
        "id": {"type": "string"},
        "parent_region_id": {"type": ["string", "null"]}
    })";

const onestack::json::Schema& create_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kRegionProperties +
                                        R"(, "additionalProperties": true})");
    return schema;
}

const onestack::json::Schema& update_schema() {
    static const auto schema =
        onestack::json::Schema::compile(std::string(R"({"type": "object", )") + kRegionProperties +
                                        R"(, "minProperties": 1, "additionalProperties": true})");
    return schema;
}

// A region's row from its API representation: the three columns, the rest
// kept as extra (Region.from_dict). A null description is stored as "".
Region region_from(const json::object& ref) {
    Region r;
    r.id = str_or_empty(ref, "id");
    r.description = str_or_empty(ref, "description");
    r.parent_region_id = str_or_empty(ref, "parent_region_id");
    r.extra = extra_attributes(ref, {"id", "description", "parent_region_id", "links"});
    return r;
}

Region region_or_404(Conn& c, const std::string& id) {
    auto r = db::get_region(c, id);
    if (!r) {
        throw not_found("region", id);
    }
    return std::move(*r);
}

void require_parent(Conn& c, const Region& r) {
    if (!r.parent_region_id.empty() && !db::get_region(c, r.parent_region_id)) {
        throw not_found("region", r.parent_region_id);
    }
}

// Keystone's _ensure_no_circle_in_hierarchical_regions: walking up from the
// new parent must not reach the region itself.
void require_no_cycle(Conn& c, const Region& r) {
    std::set<std::string> seen;
    for (auto parent = r.parent_region_id; !parent.empty();) {
        if (parent == r.id) {
            throw Fault::bad_request("The specified parent region " + parent +
                                     " would create a circular region hierarchy.");
        }
        if (!seen.insert(parent).second) {
            break;  // an older loop above us; not ours to report
        }
        auto p = db::get_region(c, parent);
        parent = p ? p->parent_region_id : std::string();
    }
}

// Keystone's create_region: a free id, then an existing parent.
Region create(Identity& identity, Region region) {
    identity.db().write([&](Conn& c) {
        if (db::get_region(c, region.id)) {
            throw conflict("region", "Duplicate ID, " + region.id + ".");
        }
        require_parent(c, region);
        db::insert_region(c, region);
    });
    identity.changed();
    return region;
}

json::object created_member(Identity& identity, Request& req) {
    authorize(identity, req, "identity:create_region");
    return normalized_keys(validated_member(req, "region", create_schema()));
}

Response create_region(Identity& identity, Request& req) {
    auto ref = created_member(identity, req);
    if (auto* id = ref.if_contains("id"); !id || !id->is_string() || id->as_string().empty()) {
        ref["id"] = util::uuid_hex();  // no id or a falsy one: keystone picks
    }
    return json_response(201, {{"region", region_view(req, create(identity, region_from(ref)))}});
}

// PUT /v3/regions/{region_id}: create with the id of the URL.
Response create_region_with_id(Identity& identity, Request& req) {
    const auto& url_id = req.param("region_id");
    auto ref = created_member(identity, req);
    // The schema made any "id" a string.
    if (auto* id = ref.if_contains("id"); id && id->as_string() != url_id) {
        throw Fault::bad_request("Conflicting region IDs specified: \"" + url_id + "\" != \"" +
                                 std::string(id->as_string()) + "\"");
    }
    ref["id"] = url_id;
    return json_response(201, {{"region", region_view(req, create(identity, region_from(ref)))}});
}

Response get_region(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_region");
    auto region =
        identity.db().read([&](Conn& c) { return region_or_404(c, req.param("region_id")); });
    return json_response(200, {{"region", region_view(req, region)}});
}

Response list_regions(Identity& identity, Request& req) {
    authorize(identity, req, "identity:list_regions");
    auto filters = attribute_filters(req.query(), {"parent_region_id"});
    auto regions = identity.db().read([](Conn& c) { return db::list_regions(c); });
    json::array list;
    for (const auto& r : regions) {
        auto view = region_view(req, r);
        if (matches_all(view, filters)) {
            list.push_back(std::move(view));
        }
    }
    return json_response(200, {{"regions", std::move(list)}, {"links", collection_links(req)}});
}

Response update_region(Identity& identity, Request& req) {
    const auto& id = req.param("region_id");
    authorize(identity, req, "identity:update_region");
    auto changes = validated_member(req, "region", update_schema());
    require_matching_id(changes, id);
    auto region = identity.db().write([&](Conn& c) {
        if (auto* parent = changes.if_contains("parent_region_id");
            parent && parent->is_string() && !db::get_region(c, std::string(parent->as_string()))) {
            throw not_found("region", parent->as_string());
        }
        auto current = region_or_404(c, id);
        // Keystone merges the change into the full representation, extras
        // included, and splits it again.
        auto merged = current.extra;
        merged["description"] = current.description;
        merged["parent_region_id"] = current.parent_region_id;
        for (const auto& [k, v] : changes) {
            merged[k] = v;
        }
        merged["id"] = id;
        auto updated = region_from(merged);
        require_no_cycle(c, updated);
        db::update_region(c, updated);
        return updated;
    });
    identity.changed();
    return json_response(200, {{"region", region_view(req, region)}});
}

// Keystone's _has_endpoints: the region or any region below it.
bool tree_has_endpoints(Conn& c, const std::string& id, std::set<std::string>& seen) {
    if (!seen.insert(id).second) {
        return false;
    }
    if (db::region_has_endpoints(c, id)) {
        return true;
    }
    for (const auto& child : db::child_regions(c, id)) {
        if (tree_has_endpoints(c, child.id, seen)) {
            return true;
        }
    }
    return false;
}

void delete_tree(Conn& c, const std::string& id, std::set<std::string>& seen) {
    if (!seen.insert(id).second) {
        return;
    }
    for (const auto& child : db::child_regions(c, id)) {
        delete_tree(c, child.id, seen);
    }
    db::delete_region(c, id);
}

// Keystone deletes the child regions with it, unless an endpoint sits
// anywhere in that subtree.
Response delete_region(Identity& identity, Request& req) {
    const auto& id = req.param("region_id");
    authorize(identity, req, "identity:delete_region");
    identity.db().write([&](Conn& c) {
        region_or_404(c, id);
        std::set<std::string> seen;
        if (tree_has_endpoints(c, id, seen)) {
            throw Fault::forbidden("Unable to delete region " + id +
                                   " because it or its child regions have associated endpoints.");
        }
        seen.clear();
        delete_tree(c, id, seen);
    });
    identity.changed();
    return Response::empty(204);
}

}  // namespace

void add_region_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*h)(Identity&, Request&)) {
        return [&identity, h](Request& req) { return h(identity, req); };
    };
    r.add(Verb::get, "/v3/regions", bind(list_regions));
    r.add(Verb::post, "/v3/regions", bind(create_region));
    r.add(Verb::get, "/v3/regions/{region_id}", bind(get_region));
    r.add(Verb::put, "/v3/regions/{region_id}", bind(create_region_with_id));
    r.add(Verb::patch, "/v3/regions/{region_id}", bind(update_region));
    r.add(Verb::delete_, "/v3/regions/{region_id}", bind(delete_region));
}

}  // namespace onestack::identity::api
