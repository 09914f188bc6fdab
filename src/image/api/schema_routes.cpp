// GET /v2/schemas/{image,images,member,members,task,tasks} (glance/api/v2/schemas.py).
#include "image/api/common.hpp"
#include "image/api/routes.hpp"
#include "image/api/schema_documents.hpp"

namespace onestack::image::api {

void add_schema_routes(ImageService&, http::Router& r) {
    for (const char* name : {"image", "images", "member", "members", "task", "tasks"}) {
        std::string n = name;
        r.add(http::Verb::get, "/v2/schemas/" + n, [n](Request&) {
            return Response::text(200, std::string(schema_document(n)), "application/json");
        });
    }
}

}  // namespace onestack::image::api
