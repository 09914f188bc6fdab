// GET /v2/tasks and /v2/tasks/{id} (glance/api/v2/tasks.py): admin-only by
// default (tasks_api_access); imports create tasks themselves.
#include "image/api/common.hpp"
#include "image/api/routes.hpp"
#include "image/api/views.hpp"
#include "image/db/task_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {

void add_task_routes(ImageService& svc, http::Router& r) {
    r.add(http::Verb::get, "/v2/tasks", [&svc](Request& req) {
        enforce(svc, req, "tasks_api_access", {{"project_id", req.ctx.project_id}});
        enforce(svc, req, "get_tasks", {{"project_id", req.ctx.project_id}});
        auto owner = is_admin(svc, req) ? std::string() : req.ctx.project_id;
        auto tasks = svc.db().read([&](onestack::db::Conn& c) { return db::list_tasks(c, owner); });
        boost::json::array list;
        for (const auto& t : tasks) {
            auto v = task_view(t);
            v.erase("input");
            v.erase("result");
            v.erase("message");
            list.push_back(std::move(v));
        }
        return json_response(
            200,
            {{"tasks", std::move(list)}, {"first", "/v2/tasks"}, {"schema", "/v2/schemas/tasks"}});
    });
    r.add(http::Verb::get, "/v2/tasks/{task_id}", [&svc](Request& req) {
        enforce(svc, req, "tasks_api_access", {{"project_id", req.ctx.project_id}});
        enforce(svc, req, "get_task", {{"project_id", req.ctx.project_id}});
        const auto& id = req.param("task_id");
        auto task = svc.db().read([&](onestack::db::Conn& c) { return db::find_task(c, id); });
        if (!task || (!is_admin(svc, req) && task->owner.value_or("") != req.ctx.project_id)) {
            throw Fault::not_found("Task with the given id " + id + " was not found");
        }
        return json_response(200, task_view(*task));
    });
}

}  // namespace onestack::image::api
