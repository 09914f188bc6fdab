#include "image/db/task_table.hpp"

namespace onestack::image::db {
namespace {

using onestack::db::Value;

Value opt_str(const std::optional<std::string>& v) {
    return v ? Value(*v) : Value(std::monostate{});
}

TaskRecord task_from(const onestack::db::Row& r) {
    TaskRecord t;
    t.id = r.str("id");
    t.type = r.str("type");
    t.status = r.str("status");
    t.owner = r.opt_str("owner");
    t.input = r.str("input");
    t.result = r.opt_str("result");
    t.message = r.str("message");
    t.image_id = r.opt_str("image_id");
    t.request_id = r.opt_str("request_id");
    t.user_id = r.opt_str("user_id");
    if (!r.is_null("expires_at")) {
        t.expires_at = r.i64("expires_at");
    }
    t.created_at = r.i64("created_at");
    t.updated_at = r.i64("updated_at");
    return t;
}

}  // namespace

void insert_task(Conn& c, const TaskRecord& t) {
    c.exec(
        "INSERT INTO tasks (id, type, status, owner, input, result, message, image_id, "
        "request_id, user_id, expires_at, created_at, updated_at) VALUES (:id, :ty, :st, :ow, "
        ":in, :re, :me, :im, :rq, :us, :ex, :cr, :up)",
        {t.id, t.type, t.status, opt_str(t.owner), t.input, opt_str(t.result), t.message,
         opt_str(t.image_id), opt_str(t.request_id), opt_str(t.user_id),
         t.expires_at ? Value(*t.expires_at) : Value(std::monostate{}), t.created_at,
         t.updated_at});
}

void update_task(Conn& c, const TaskRecord& t) {
    c.exec(
        "UPDATE tasks SET status = :st, result = :re, message = :me, expires_at = :ex, "
        "updated_at = :up WHERE id = :id",
        {t.status, opt_str(t.result), t.message,
         t.expires_at ? Value(*t.expires_at) : Value(std::monostate{}), t.updated_at, t.id});
}

std::optional<TaskRecord> find_task(Conn& c, const std::string& id) {
    auto r = c.query_one("SELECT * FROM tasks WHERE id = :id", {id});
    if (!r) {
        return std::nullopt;
    }
    return task_from(*r);
}

std::vector<TaskRecord> tasks_for_image(Conn& c, const std::string& image_id) {
    std::vector<TaskRecord> out;
    for (const auto& r :
         c.query("SELECT * FROM tasks WHERE image_id = :i ORDER BY created_at DESC, id DESC",
                 {image_id})) {
        out.push_back(task_from(r));
    }
    return out;
}

std::vector<TaskRecord> list_tasks(Conn& c, const std::string& owner) {
    std::vector<TaskRecord> out;
    auto rows = owner.empty()
                    ? c.query("SELECT * FROM tasks ORDER BY created_at DESC, id DESC")
                    : c.query(
                          "SELECT * FROM tasks WHERE owner = :o ORDER BY created_at DESC, id "
                          "DESC",
                          {owner});
    for (const auto& r : rows) {
        out.push_back(task_from(r));
    }
    return out;
}

}  // namespace onestack::image::db
