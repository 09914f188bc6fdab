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

}  // namespace onestack::compute::manager
