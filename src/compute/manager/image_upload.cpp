#include "compute/manager/image_upload.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include <boost/json.hpp>

namespace onestack::compute::manager {

void GlanceUploader::upload(const RequestContext& ctx, const std::string& image_id,
                            const std::string& path, const std::string& disk_format) {
    const auto image = url_ + "/v2/images/" + image_id;
    http::Headers auth;
    auth.set("X-Auth-Token", ctx.auth_token);
    auto got = http_.request(http::Verb::get, image, auth);
    if (got.status != 200) {
        throw std::runtime_error("image " + image_id + ": GET answered " +
                                 std::to_string(got.status));
    }
    auto record = got.json().as_object();
    boost::json::array patch;
    if (!record.contains("disk_format") || record.at("disk_format").is_null()) {
        patch.push_back({{"op", "add"}, {"path", "/disk_format"}, {"value", disk_format}});
    }
    if (!record.contains("container_format") || record.at("container_format").is_null()) {
        patch.push_back({{"op", "add"}, {"path", "/container_format"}, {"value", "bare"}});
    }
    if (!patch.empty()) {
        auto headers = auth;
        headers.set(boost::beast::http::field::content_type,
                    "application/openstack-images-v2.1-json-patch");
        auto r = http_.request(http::Verb::patch, image, headers, boost::json::serialize(patch));
        if (r.status != 200) {
            throw std::runtime_error("image " + image_id + ": PATCH answered " +
                                     std::to_string(r.status));
        }
    }
    auto size = std::filesystem::file_size(path);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        throw std::runtime_error("cannot read snapshot file " + path);
    }
    auto headers = auth;
    headers.set(boost::beast::http::field::content_type, "application/octet-stream");
    http::ClientResponse r;
    try {
        r = http_.request_upload(
            http::Verb::put, image + "/file", headers, size,
            [f](char* buf, std::size_t n) { return std::fread(buf, 1, n, f); });
    } catch (...) {
        std::fclose(f);
        throw;
    }
    std::fclose(f);
    if (r.status != 204) {
        throw std::runtime_error("image " + image_id + ": upload answered " +
                                 std::to_string(r.status));
    }
}

void GlanceUploader::delete_image(const RequestContext& ctx, const std::string& image_id) {
    http::Headers auth;
    auth.set("X-Auth-Token", ctx.auth_token);
    auto r = http_.request(http::Verb::delete_, url_ + "/v2/images/" + image_id, auth);
    if (r.status != 204 && r.status != 404) {
        throw std::runtime_error("image " + image_id + ": DELETE answered " +
                                 std::to_string(r.status));
    }
}

std::vector<std::string> GlanceUploader::find_images(
    const RequestContext& ctx, const std::map<std::string, std::string>& properties) {
    http::Headers auth;
    auth.set("X-Auth-Token", ctx.auth_token);
    // Glance v2 filters on extra properties given as query parameters.
    std::string next = "/v2/images?sort_key=created_at&sort_dir=asc&limit=1000";
    for (const auto& [k, v] : properties) {
        next += "&" + http::percent_encode(k) + "=" + http::percent_encode(v);
    }
    std::vector<std::string> ids;
    while (!next.empty()) {
        auto r = http_.request(http::Verb::get, url_ + next, auth);
        if (r.status != 200) {
            throw std::runtime_error("image list answered " + std::to_string(r.status));
        }
        auto body = r.json().as_object();
        for (const auto& image : body.at("images").as_array()) {
            ids.emplace_back(image.as_object().at("id").as_string());
        }
        next.clear();
        if (const auto* n = body.if_contains("next"); n != nullptr && n->is_string()) {
            next = std::string(n->as_string());
        }
    }
    return ids;
}

}  // namespace onestack::compute::manager
