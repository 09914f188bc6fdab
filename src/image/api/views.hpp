#pragma once
// Images, members and tasks as glance's ResponseSerializers write them.
#include <boost/json.hpp>

#include "image/db/records.hpp"
#include "image/image_options.hpp"

namespace onestack::image::api {

// glance/api/v2/images.py ResponseSerializer._format_image.
// sp: where the object's values live (a list builds all its images in one arena).
boost::json::object image_view(const ImageRecord& image, const ImageOptions& options,
                               boost::json::storage_ptr sp = {});
// glance/api/v2/image_members.py _format_image_member.
boost::json::object member_view(const MemberRecord& member);
// glance/api/v2/tasks.py _format_task (the /v2/tasks views).
boost::json::object task_view(const TaskRecord& task);
// glance/db/sqlalchemy/api.py _task_format, what GET /v2/images/{id}/tasks lists.
boost::json::object image_task_view(const TaskRecord& task);

std::string isotime(std::int64_t micros);

}  // namespace onestack::image::api
