// Server metadata (server_metadata.py), tags (server_tags.py, mv 2.26) and
// instance actions (instance_actions.py).
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/action_query.hpp"
#include "compute/api/db/quota_store.hpp"
#include "compute/api/routes.hpp"
#include "compute/api/schemas.hpp"
#include "compute/api/server_view.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/objects/states.hpp"

namespace onestack::compute::api {
namespace {

using onestack::db::Conn;

json::object to_json(const std::map<std::string, std::string>& m) {
    json::object o;
    for (const auto& [k, v] : m) {
        o[k] = v;
    }
    return o;
}

// update_instance_metadata / delete_instance_metadata: locked and state checks.
Instance metadata_target(ComputeApi& api, Request& req, const char* rule, bool write) {
    auto i = get_instance(api, req, req.param("server_id"));
    authorize(api, req, rule, instance_target(i));
    if (write) {
        check_lock(api, req, i);
        check_state(
            i, "update metadata",
            {vm_state::kActive, vm_state::kPaused, vm_state::kSuspended, vm_state::kStopped}, {});
    }
    return i;
}

std::map<std::string, std::string> write_metadata(ComputeApi& api, const Request& req,
                                                  const Instance& i, const json::object& in,
                                                  bool replace) {
    std::map<std::string, std::string> md;
    for (const auto& [k, v] : in) {
        md[std::string(k)] = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
    }
    return api.db().write([&](Conn& c) {
        auto merged = replace ? md : compute::db::instance_metadata(c, i.uuid);
        for (const auto& [k, v] : md) {
            merged[k] = v;
        }
        auto limit = db::project_limits(c, api.options().quota, i.project_id)["metadata_items"];
        if (limit >= 0 && static_cast<int>(merged.size()) > limit) {
            throw Fault::forbidden("Maximum number of metadata items exceeds " +
                                   std::to_string(limit));
        }
        compute::db::set_instance_metadata(c, i.uuid, md, replace);
        return compute::db::instance_metadata(c, i.uuid);
    });
}

void add_metadata_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/servers/{server_id}/metadata", [&api](Request& req) {
        auto i = metadata_target(api, req, "os_compute_api:server-metadata:index", false);
        auto md = api.db().read([&](Conn& c) { return compute::db::instance_metadata(c, i.uuid); });
        return json_response(200, json::object{{"metadata", to_json(md)}});
    });
    auto set_all = [&api](Request& req, bool replace) {
        auto b = body(req);
        validate(schema(replace ? "server_metadata.update_all" : "server_metadata.create"), b);
        auto i = metadata_target(api, req,
                                 replace ? "os_compute_api:server-metadata:update_all"
                                         : "os_compute_api:server-metadata:create",
                                 true);
        auto md = write_metadata(api, req, i, b.at("metadata").as_object(), replace);
        return json_response(200, json::object{{"metadata", to_json(md)}});
    };
    add(r, http::Verb::post, "/servers/{server_id}/metadata",
        [set_all](Request& req) { return set_all(req, false); });
    add(r, http::Verb::put, "/servers/{server_id}/metadata",
        [set_all](Request& req) { return set_all(req, true); });
    add(r, http::Verb::get, "/servers/{server_id}/metadata/{key}", [&api](Request& req) {
        auto i = metadata_target(api, req, "os_compute_api:server-metadata:show", false);
        auto md = api.db().read([&](Conn& c) { return compute::db::instance_metadata(c, i.uuid); });
        auto it = md.find(req.param("key"));
        if (it == md.end()) {
            throw Fault::not_found("Metadata item was not found");
        }
        return json_response(200, json::object{{"meta", json::object{{it->first, it->second}}}});
    });
    add(r, http::Verb::put, "/servers/{server_id}/metadata/{key}", [&api](Request& req) {
        auto b = body(req);
        validate(schema("server_metadata.update"), b);
        const auto& meta = b.at("meta").as_object();
        if (!meta.contains(req.param("key"))) {
            throw Fault::bad_request("Request body and URI mismatch");
        }
        auto i = metadata_target(api, req, "os_compute_api:server-metadata:update", true);
        write_metadata(api, req, i, meta, false);
        return json_response(200, json::object{{"meta", meta}});
    });
    add(r, http::Verb::delete_, "/servers/{server_id}/metadata/{key}", [&api](Request& req) {
        auto i = metadata_target(api, req, "os_compute_api:server-metadata:delete", true);
        auto key = req.param("key");
        api.db().write([&](Conn& c) {
            auto md = compute::db::instance_metadata(c, i.uuid);
            if (!md.contains(key)) {
                throw Fault::not_found("Metadata item was not found");
            }
            compute::db::delete_instance_metadata_key(c, i.uuid, key);
        });
        return Response::empty(204);
    });
}

constexpr std::size_t kMaxTags = 50;

Instance tags_target(ComputeApi& api, Request& req, const char* rule, bool write) {
    if (!at_least(req, 2, 26)) {
        throw Fault::not_found("The resource could not be found.");
    }
    auto i = get_instance(api, req, req.param("server_id"));
    authorize(api, req, rule, instance_target(i));
    if (write) {
        check_state(i, "update tags",
                    {vm_state::kActive, vm_state::kPaused, vm_state::kSuspended, vm_state::kStopped,
                     vm_state::kShelved, vm_state::kShelvedOffloaded},
                    {});
    }
    return i;
}

json::object tags_json(const std::vector<std::string>& tags) {
    json::array a;
    for (const auto& t : tags) {
        a.emplace_back(t);
    }
    return {{"tags", a}};
}

void add_tag_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/servers/{server_id}/tags", [&api](Request& req) {
        auto i = tags_target(api, req, "os_compute_api:os-server-tags:index", false);
        return json_response(200, tags_json(api.db().read([&](Conn& c) {
                                 return compute::db::instance_tags(c, i.uuid);
                             })));
    });
    add(r, http::Verb::put, "/servers/{server_id}/tags", [&api](Request& req) {
        auto b = body(req);
        validate(schema("server_tags.update_all"), b);
        auto i = tags_target(api, req, "os_compute_api:os-server-tags:update_all", true);
        std::vector<std::string> tags;
        for (const auto& t : b.at("tags").as_array()) {
            std::string s(t.as_string());
            if (std::find(tags.begin(), tags.end(), s) == tags.end()) {
                tags.push_back(s);
            }
        }
        if (tags.size() > kMaxTags) {
            throw Fault::bad_request("The number of tags exceeded the per-server limit 50");
        }
        auto stored = api.db().write([&](Conn& c) {
            compute::db::set_instance_tags(c, i.uuid, tags);
            return compute::db::instance_tags(c, i.uuid);
        });
        return json_response(200, tags_json(stored));
    });
    add(r, http::Verb::delete_, "/servers/{server_id}/tags", [&api](Request& req) {
        auto i = tags_target(api, req, "os_compute_api:os-server-tags:delete_all", true);
        api.db().write([&](Conn& c) { compute::db::set_instance_tags(c, i.uuid, {}); });
        return Response::empty(204);
    });
    add(r, http::Verb::get, "/servers/{server_id}/tags/{tag}", [&api](Request& req) {
        auto i = tags_target(api, req, "os_compute_api:os-server-tags:show", false);
        auto tags = api.db().read([&](Conn& c) { return compute::db::instance_tags(c, i.uuid); });
        auto tag = req.param("tag");
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) {
            throw Fault::not_found("Instance " + i.uuid + " has no tag '" + tag + "'");
        }
        return Response::empty(204);
    });
    add(r, http::Verb::put, "/servers/{server_id}/tags/{tag}", [&api](Request& req) {
        auto i = tags_target(api, req, "os_compute_api:os-server-tags:update", true);
        auto tag = req.param("tag");
        // parameter_types.tag, with server_tags.py's own words.
        if (tag.empty() || tag.size() > 60 || tag.find_first_of(",/") != std::string::npos) {
            throw Fault::bad_request("Tag '" + tag +
                                     "' is invalid. It must be a non empty string without "
                                     "characters '/' and ','. Validation error message: '" +
                                     tag + "' does not match '^[^,/]*$'");
        }
        bool created = api.db().write([&](Conn& c) {
            auto tags = compute::db::instance_tags(c, i.uuid);
            if (std::find(tags.begin(), tags.end(), tag) != tags.end()) {
                return false;
            }
            if (tags.size() >= kMaxTags) {
                throw Fault::bad_request("The number of tags exceeded the per-server limit 50");
            }
            tags.push_back(tag);
            compute::db::set_instance_tags(c, i.uuid, tags);
            return true;
        });
        auto res = Response::empty(created ? 201 : 204);
        res.set("Location", req.base_url() + "/v2.1/servers/" + i.uuid + "/tags/" + tag);
        return res;
    });
    add(r, http::Verb::delete_, "/servers/{server_id}/tags/{tag}", [&api](Request& req) {
        auto i = tags_target(api, req, "os_compute_api:os-server-tags:delete", true);
        auto tag = req.param("tag");
        api.db().write([&](Conn& c) {
            auto tags = compute::db::instance_tags(c, i.uuid);
            auto it = std::find(tags.begin(), tags.end(), tag);
            if (it == tags.end()) {
                throw Fault::not_found("Instance " + i.uuid + " has no tag '" + tag + "'");
            }
            tags.erase(it);
            compute::db::set_instance_tags(c, i.uuid, tags);
        });
        return Response::empty(204);
    });
}

json::object action_json(const Request& req, const db::Action& a) {
    json::object o{{"action", a.action},
                   {"instance_uuid", a.instance_uuid},
                   {"message", a.message.empty() ? json::value(nullptr) : json::value(a.message)},
                   {"project_id", a.project_id},
                   {"request_id", a.request_id},
                   {"start_time", py_time(a.start_time)},
                   {"user_id", a.user_id}};
    // mv 2.58: updated_at.
    if (at_least(req, 2, 58)) {
        o["updated_at"] = py_time(a.updated_at);
    }
    return o;
}

void add_instance_action_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/servers/{server_id}/os-instance-actions", [&api](Request& req) {
        auto i = get_instance(api, req, req.param("server_id"), at_least(req, 2, 21));
        authorize(api, req, "os_compute_api:os-instance-actions:list", instance_target(i));
        auto actions = api.db().read([&](Conn& c) { return db::list_actions(c, i.uuid); });
        json::array out;
        for (const auto& a : actions) {
            out.push_back(action_json(req, a));
        }
        return json_response(200, json::object{{"instanceActions", out}});
    });
    add(r, http::Verb::get, "/servers/{server_id}/os-instance-actions/{request_id}",
        [&api](Request& req) {
            auto i = get_instance(api, req, req.param("server_id"), at_least(req, 2, 21));
            authorize(api, req, "os_compute_api:os-instance-actions:show", instance_target(i));
            auto rid = req.param("request_id");
            auto a = api.db().read([&](Conn& c) { return db::get_action(c, i.uuid, rid); });
            if (!a) {
                throw Fault::not_found("Action for request_id " + rid + " on instance " + i.uuid +
                                       " not found");
            }
            auto o = action_json(req, *a);
            auto target = instance_target(i);
            if (check(api, req, "os_compute_api:os-instance-actions:events", target)) {
                bool details =
                    check(api, req, "os_compute_api:os-instance-actions:events:details", target);
                json::array events;
                for (const auto& e : a->events) {
                    json::object ev{{"event", e.event},
                                    {"start_time", py_time(e.start_time)},
                                    {"finish_time", py_time(e.finish_time)},
                                    {"result", e.result.empty() ? json::value(nullptr)
                                                                : json::value(e.result)}};
                    ev["traceback"] =
                        e.traceback.empty() ? json::value(nullptr) : json::value(e.traceback);
                    // mv 2.62: host and hostId; 2.84: details.
                    if (at_least(req, 2, 62)) {
                        ev["host"] = e.host;
                        ev["hostId"] = host_id(i.project_id, e.host);
                    }
                    if (at_least(req, 2, 84) && details) {
                        ev["details"] =
                            e.details.empty() ? json::value(nullptr) : json::value(e.details);
                    }
                    events.push_back(ev);
                }
                o["events"] = events;
            }
            return json_response(200, json::object{{"instanceAction", o}});
        });
}

}  // namespace

void add_server_sub_routes(ComputeApi& api, http::Router& r) {
    add_metadata_routes(api, r);
    add_tag_routes(api, r);
    add_instance_action_routes(api, r);
}

}  // namespace onestack::compute::api
