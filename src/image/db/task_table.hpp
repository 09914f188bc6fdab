#pragma once
// Tasks: the record of an asynchronous import and how it went.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "image/db/records.hpp"

namespace onestack::image::db {

using onestack::db::Conn;

void insert_task(Conn& c, const TaskRecord& t);
void update_task(Conn& c, const TaskRecord& t);
std::optional<TaskRecord> find_task(Conn& c, const std::string& id);
std::vector<TaskRecord> tasks_for_image(Conn& c, const std::string& image_id);
// Newest first; owner empty: every project's.
std::vector<TaskRecord> list_tasks(Conn& c, const std::string& owner);

}  // namespace onestack::image::db
