// os-server-password (server_password.py): the password a guest posted to
// the metadata service (system_metadata password_0..3), read or cleared.
#include "compute/api/common.hpp"
#include "compute/api/compute_api.hpp"
#include "compute/api/routes.hpp"
#include "compute/db/instance_store.hpp"
#include "compute/metadata/password.hpp"

namespace onestack::compute::api {
namespace {

json::object project_target(const Instance& i) {
    return {{"project_id", i.project_id}};
}

}  // namespace

void add_server_password_routes(ComputeApi& api, http::Router& r) {
    add(r, http::Verb::get, "/servers/{server_id}/os-server-password", [&api](Request& req) {
        auto i = get_instance(api, req, req.param("server_id"));
        authorize(api, req, "os_compute_api:os-server-password:show", project_target(i));
        auto password = metadata::extract_password(i.system_metadata);
        return json_response(200, json::object{{"password", password.value_or("")}});
    });
    add(r, http::Verb::delete_, "/servers/{server_id}/os-server-password", [&api](Request& req) {
        auto i = get_instance(api, req, req.param("server_id"));
        authorize(api, req, "os_compute_api:os-server-password:clear", project_target(i));
        // convert_password(None): every chunk set to "".
        api.db().write([&](onestack::db::Conn& c) {
            auto current = compute::db::get_instance(c, i.uuid);
            if (!current) {
                throw Fault::not_found("Instance " + i.uuid + " could not be found.");
            }
            auto sysmeta = current->system_metadata;
            for (std::size_t n = 0; n < metadata::kPasswordChunks; ++n) {
                sysmeta["password_" + std::to_string(n)] = "";
            }
            compute::db::update_instance(c, i.uuid,
                                         {{"system_metadata", json::serialize(sysmeta)}});
        });
        return Response::empty(204);
    });
}

}  // namespace onestack::compute::api
