// os-migrations (migrations.py): admin view of resize and cold migration
// records; uuid from 2.59, migration_type from 2.23, user/project from 2.80.
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/db/group_store.hpp"
#include "compute/api/routes.hpp"

namespace onestack::compute::api {

void add_migration_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/os-migrations", [&api](Request& req) {
        authorize(api, req, "os_compute_api:os-migrations:index", {});
        const auto& q = req.query();
        db::MigrationFilter f;
        f.host = q.get("host").value_or("");
        f.status = q.get("status").value_or("");
        f.instance_uuid = q.get("instance_uuid").value_or("");
        f.migration_type = q.get("migration_type").value_or("");
        f.source_compute = q.get("source_compute").value_or("");
        if (at_least(req, 2, 80)) {
            f.project_id = q.get("project_id").value_or("");
            f.user_id = q.get("user_id").value_or("");
        }
        json::array out;
        api.db().read([&](onestack::db::Conn& c) {
            auto ids = db::migration_ids(c);
            for (const auto& m : db::list_migrations(c, f)) {
                json::object o{{"id", ids[m.uuid]},
                               {"status", m.status},
                               {"instance_uuid", m.instance_uuid},
                               {"source_compute", m.source_compute},
                               {"dest_compute", m.dest_compute},
                               {"source_node", m.source_node},
                               {"dest_node", m.dest_node},
                               {"dest_host", m.dest_host},
                               {"old_instance_type_id", m.old_flavor_id.value_or(0)},
                               {"new_instance_type_id", m.new_flavor_id.value_or(0)},
                               {"created_at", py_time(m.created_at)},
                               {"updated_at", py_time(m.updated_at)}};
                if (at_least(req, 2, 23)) {
                    o["migration_type"] = m.migration_type;
                }
                if (at_least(req, 2, 59)) {
                    o["uuid"] = m.uuid;
                }
                if (at_least(req, 2, 80)) {
                    o["user_id"] = m.user_id;
                    o["project_id"] = m.project_id;
                }
                out.push_back(o);
            }
        });
        return json_response(200, json::object{{"migrations", out}});
    });
}

}  // namespace onestack::compute::api
