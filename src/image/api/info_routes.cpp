// Discovery (glance/api/v2/discovery.py): import methods, stores, usage.
#include "image/api/common.hpp"
#include "image/api/routes.hpp"
#include "image/db/image_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {
namespace {

boost::json::array store_list(ImageService& svc) {
    boost::json::array out;
    for (const auto* s : svc.stores().all()) {
        boost::json::object o{{"id", s->id()}};
        if (!s->description().empty()) {
            o["description"] = s->description();
        }
        if (s->id() == svc.stores().default_id()) {
            o["default"] = "true";
        }
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace

void add_info_routes(ImageService& svc, http::Router& r) {
    r.add(http::Verb::get, "/v2/info/import", [&svc](Request&) {
        boost::json::array methods;
        for (const auto& m : svc.options().enabled_import_methods) {
            methods.emplace_back(m);
        }
        return json_response(200, {{"import-methods",
                                    {{"description", "Import methods available."},
                                     {"type", "array"},
                                     {"value", std::move(methods)}}}});
    });
    r.add(http::Verb::get, "/v2/info/stores", [&svc](Request&) {
        return json_response(200, {{"stores", store_list(svc)}});
    });
    r.add(http::Verb::get, "/v2/info/stores/detail", [&svc](Request& req) {
        enforce(svc, req, "stores_info_detail", {{"project_id", req.ctx.project_id}});
        auto stores = store_list(svc);
        for (auto& s : stores) {
            auto* store = svc.stores().find(std::string(s.as_object().at("id").as_string()));
            s.as_object()["type"] = store->type();
            s.as_object()["properties"] = store->properties();
        }
        return json_response(200, {{"stores", std::move(stores)}});
    });
    // Upstream reports keystone unified limits here; onestack's quotas are its
    // own options, reported the same way (-1: unlimited; sizes in MiB).
    r.add(http::Verb::get, "/v2/info/usage", [&svc](Request& req) {
        const auto& o = svc.options();
        auto [count, bytes] = svc.db().read([&](onestack::db::Conn& c) {
            return std::pair{db::count_owned(c, req.ctx.project_id),
                             db::bytes_stored(c, req.ctx.project_id, "")};
        });
        std::int64_t size_limit =
            o.user_storage_quota ? static_cast<std::int64_t>(o.user_storage_quota / 1048576) : -1;
        return json_response(
            200, {{"usage",
                   {{"image_size_total", {{"limit", size_limit}, {"usage", bytes / 1048576}}},
                    {"image_count_total", {{"limit", o.image_count_quota}, {"usage", count}}}}}});
    });
}

}  // namespace onestack::image::api
