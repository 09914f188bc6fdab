// /v2/images/{id}/members (glance/api/v2/image_members.py): the owner of a
// shared image offers it to projects; each member project accepts or rejects.
#include "image/api/common.hpp"
#include "image/api/quotas.hpp"
#include "image/api/routes.hpp"
#include "image/api/views.hpp"
#include "image/db/member_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {
namespace {

ImageRecord lookup_image(ImageService& svc, const Request& req) {
    const auto& id = req.param("image_id");
    return visible_image(svc, req, id, "Image " + id + " not found.");
}

bool is_owner(ImageService& svc, const Request& req, const ImageRecord& image) {
    return !is_admin(svc, req) && image.owner && *image.owner == req.ctx.project_id;
}

// ImageMemberRepoProxy.get: admin, the image owner or the member itself.
MemberRecord lookup_member(ImageService& svc, const Request& req, const ImageRecord& image,
                           const std::string& member_id) {
    bool allowed = is_admin(svc, req) || req.ctx.project_id == member_id ||
                   (image.owner && *image.owner == req.ctx.project_id);
    if (!allowed) {
        throw Fault::forbidden("You are not authorized to lookup the members of the image " +
                               image.id + ".");
    }
    auto m = svc.db().read(
        [&](onestack::db::Conn& c) { return db::find_member(c, image.id, member_id); });
    if (!m) {
        throw Fault::not_found(member_id + " not found in the member list of the image " +
                               image.id + ".");
    }
    return *m;
}

Response create_member(ImageService& svc, Request& req) {
    auto body = json_body(req);
    auto image = lookup_image(svc, req);
    std::string member;
    if (!body.is_object()) {
        throw Fault::bad_request("Expected a member in the form: {\"member\": \"image_id\"}");
    }
    const auto* m = body.as_object().if_contains("member");
    if (m == nullptr) {
        throw Fault::bad_request("Member to be added not specified");
    }
    if (m->is_null() || (m->is_string() && m->as_string().empty())) {
        throw Fault::bad_request("Member can't be empty");
    }
    member = m->is_string() ? std::string(m->as_string()) : boost::json::serialize(*m);
    const std::string denied = "Not allowed to create members for image " + image.id + ".";
    if (image.visibility != "shared") {
        throw Fault::forbidden(denied);
    }
    if (!is_admin(svc, req) && (!image.owner || *image.owner != req.ctx.project_id)) {
        throw Fault::forbidden(denied);
    }
    if (!check(svc, req, "add_member", image_target(image, req))) {
        throw Fault::forbidden(denied);
    }
    MemberRecord record{image.id, member, "pending", now_micros(), now_micros()};
    svc.db().write([&](onestack::db::Conn& c) {
        try {
            enforce_member_quota(svc, db::count_members(c, image.id) + 1);
        } catch (const Fault& f) {
            throw Fault::too_large("Image member limit exceeded for image " + image.id + ": " +
                                   f.message() + ":");
        }
        if (!db::insert_member(c, record)) {
            throw Fault::conflict("Member " + member + " is duplicated for image " + image.id);
        }
    });
    return json_response(200, member_view(record));
}

Response update_member(ImageService& svc, Request& req) {
    auto body = json_body(req);
    if (!body.is_object()) {
        throw Fault::bad_request("Expected a status in the form: {\"status\": \"status\"}");
    }
    const auto* s = body.as_object().if_contains("status");
    if (s == nullptr) {
        throw Fault::bad_request("Status not specified");
    }
    auto image = lookup_image(svc, req);
    const std::string denied = "Not allowed to update members for image " + image.id + ".";
    if (image.visibility != "shared" || is_owner(svc, req, image)) {
        throw Fault::forbidden(denied);
    }
    const auto& member_id = req.param("member_id");
    auto member = lookup_member(svc, req, image, member_id);
    if (!check(svc, req, "modify_member", image_target(image, req))) {
        throw Fault::forbidden(denied);
    }
    // ImmutableMemberProxy: only the member project (or an admin) sets its status.
    if (!is_admin(svc, req) && req.ctx.project_id != member.member) {
        throw Fault::forbidden(denied);
    }
    std::string status = s->is_string() ? std::string(s->as_string()) : "";
    if (status != "pending" && status != "accepted" && status != "rejected") {
        throw Fault::bad_request(
            "Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\".");
    }
    member.status = status;
    member.updated_at = now_micros();
    svc.db().write([&](onestack::db::Conn& c) {
        db::update_member_status(c, image.id, member.member, status, member.updated_at);
    });
    return json_response(200, member_view(member));
}

Response list_members(ImageService& svc, Request& req) {
    auto image = lookup_image(svc, req);
    if (image.visibility != "shared") {
        throw Fault::forbidden("Not allowed to list members for image " + image.id +
                               ": Only shared images have members.");
    }
    auto members =
        svc.db().read([&](onestack::db::Conn& c) { return db::list_members(c, image.id); });
    bool all = is_admin(svc, req) || (image.owner && *image.owner == req.ctx.project_id);
    boost::json::array list;
    for (const auto& m : members) {
        // A member project sees its own membership only (image_member_find).
        if (all || m.member == req.ctx.project_id) {
            list.push_back(member_view(m));
        }
    }
    return json_response(200, {{"members", std::move(list)}, {"schema", "/v2/schemas/members"}});
}

Response show_member(ImageService& svc, Request& req) {
    auto image = lookup_image(svc, req);
    if (image.visibility != "shared") {
        throw Fault::not_found("Only shared images have members.");
    }
    try {
        return json_response(200,
                             member_view(lookup_member(svc, req, image, req.param("member_id"))));
    } catch (const Fault& f) {
        if (f.status() == 403) {
            throw Fault::not_found(f.message());
        }
        throw;
    }
}

Response delete_member(ImageService& svc, Request& req) {
    auto image = lookup_image(svc, req);
    const std::string denied = "Not allowed to delete members for image " + image.id + ".";
    if (image.visibility != "shared") {
        throw Fault::forbidden(denied);
    }
    if (!is_admin(svc, req) && (!image.owner || *image.owner != req.ctx.project_id)) {
        throw Fault::forbidden(denied);
    }
    auto member = lookup_member(svc, req, image, req.param("member_id"));
    if (!check(svc, req, "delete_member", image_target(image, req))) {
        throw Fault::forbidden(denied);
    }
    svc.db().write([&](onestack::db::Conn& c) { db::delete_member(c, image.id, member.member); });
    return Response::empty(204);
}

}  // namespace

void add_member_routes(ImageService& svc, http::Router& r) {
    r.add(http::Verb::get, "/v2/images/{image_id}/members",
          [&svc](Request& req) { return list_members(svc, req); });
    r.add(http::Verb::post, "/v2/images/{image_id}/members",
          [&svc](Request& req) { return create_member(svc, req); });
    r.add(http::Verb::get, "/v2/images/{image_id}/members/{member_id}",
          [&svc](Request& req) { return show_member(svc, req); });
    r.add(http::Verb::put, "/v2/images/{image_id}/members/{member_id}",
          [&svc](Request& req) { return update_member(svc, req); });
    r.add(http::Verb::delete_, "/v2/images/{image_id}/members/{member_id}",
          [&svc](Request& req) { return delete_member(svc, req); });
}

}  // namespace onestack::image::api
