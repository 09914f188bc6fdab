#pragma once
// What the handlers of POST /servers/{id}/action share (server_action_routes.cpp
// dispatches; the shelve, rescue, password and backup actions live in their
// own files).
#include <functional>
#include <string>
#include <vector>

#include "compute/api/common.hpp"
#include "compute/db/instance_store.hpp"

namespace onestack::compute::api {

struct Ctx {
    ComputeApi& api;
    Request& req;
    Instance& i;
    const json::object& args;  // the action's value (may be null -> empty)
};

// Moves task_state from one of `from` (compare-and-set) to `to`, records the
// action, and runs `also` in the same transaction. 409 when someone else
// changed the task first.
void start_task(Ctx& x, const char* action, const char* to, std::vector<std::string> from,
                compute::db::InstanceUpdate more = {},
                const std::function<void(onestack::db::Conn&)>& also = {});
// 409 in Nova's words when the server has no host (never scheduled, offloaded).
void need_host(const Ctx& x, const char* action);
void authorize_server(Ctx& x, const std::string& rule);
// compute/utils.py create_image: the image record (queued) in the image
// service, with instance_uuid, image_type and `properties`; its id.
std::string create_image_record(Ctx& x, const json::value& name, const char* image_type,
                                const json::object& properties);

// server_extra_actions.cpp
Response create_backup(Ctx& x);
Response rescue(Ctx& x);
Response unrescue(Ctx& x);
Response change_password(Ctx& x);
// server_shelve_actions.cpp
Response shelve(Ctx& x);
Response shelve_offload(Ctx& x);
Response unshelve(Ctx& x);

}  // namespace onestack::compute::api
