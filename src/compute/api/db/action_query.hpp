#pragma once
// SQL for reading instance actions and their events (os-instance-actions).
#include <cstdint>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

struct ActionEvent {
    std::string event, start_time, finish_time, result, traceback, host, details;
};

struct Action {
    std::int64_t id = 0;
    std::string action, instance_uuid, request_id, user_id, project_id, start_time, finish_time,
        message, updated_at;
    std::vector<ActionEvent> events;
};

// Newest first.
std::vector<Action> list_actions(Conn& c, const std::string& instance_uuid);
// With its events; nullopt when the request made no action on the instance.
std::optional<Action> get_action(Conn& c, const std::string& instance_uuid,
                                 const std::string& request_id);

}  // namespace onestack::compute::api::db
