#include "compute/api/db/action_query.hpp"

namespace onestack::compute::api::db {
namespace {

Action from_row(const onestack::db::Row& r) {
    Action a;
    a.id = r.i64("id");
    a.action = r.str("action");
    a.instance_uuid = r.str("instance_uuid");
    a.request_id = r.str("request_id");
    a.user_id = r.str("user_id");
    a.project_id = r.str("project_id");
    a.start_time = r.str("start_time");
    a.finish_time = r.str("finish_time");
    a.message = r.str("message");
    a.updated_at = r.str("updated_at");
    return a;
}

}  // namespace

std::vector<Action> list_actions(Conn& c, const std::string& instance_uuid) {
    std::vector<Action> out;
    for (const auto& r : c.query(
             "SELECT * FROM instance_actions WHERE instance_uuid = :u ORDER BY start_time DESC, "
             "id DESC",
             {instance_uuid})) {
        out.push_back(from_row(r));
    }
    return out;
}

std::optional<Action> get_action(Conn& c, const std::string& instance_uuid,
                                 const std::string& request_id) {
    auto r = c.query_one(
        "SELECT * FROM instance_actions WHERE instance_uuid = :u AND request_id = :r ORDER BY id "
        "DESC",
        {instance_uuid, request_id});
    if (!r) {
        return std::nullopt;
    }
    auto a = from_row(*r);
    for (const auto& e : c.query(
             "SELECT * FROM instance_actions_events WHERE action_id = :a ORDER BY id", {a.id})) {
        a.events.push_back({e.str("event"), e.str("start_time"), e.str("finish_time"),
                            e.str("result"), e.str("traceback"), e.str("host"), e.str("details")});
    }
    return a;
}

}  // namespace onestack::compute::api::db
