#pragma once
// Where an agent sends snapshot data: the image service (Glance v2), the
// image record already created (queued) by the API.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/context/request_context.hpp"
#include "common/http/client.hpp"

namespace onestack::compute::manager {

class ImageUploader {
  public:
    virtual ~ImageUploader() = default;
    // Uploads the file at `path` as the image's data; throws on failure.
    virtual void upload(const RequestContext& ctx, const std::string& image_id,
                        const std::string& path, const std::string& disk_format) = 0;
    // Deletes an image (one already gone counts as deleted); throws on
    // failure. Backup rotation and unshelve drop images this way.
    virtual void delete_image(const RequestContext& ctx, const std::string& image_id) {
        throw std::runtime_error("no image service to delete image " + image_id);
    }
    // Ids of the images whose properties match all of `properties`, oldest
    // first (by created_at).
    virtual std::vector<std::string> find_images(
        const RequestContext& ctx, const std::map<std::string, std::string>& properties) {
        throw std::runtime_error("no image service to list images");
    }
};

// PUT /v2/images/{id}/file with the caller's token (formats set first when
// the record has none).
class GlanceUploader : public ImageUploader {
  public:
    explicit GlanceUploader(std::string image_url) : url_(std::move(image_url)) {}
    void upload(const RequestContext& ctx, const std::string& image_id, const std::string& path,
                const std::string& disk_format) override;
    void delete_image(const RequestContext& ctx, const std::string& image_id) override;
    std::vector<std::string> find_images(
        const RequestContext& ctx, const std::map<std::string, std::string>& properties) override;

  private:
    std::string url_;
    http::HttpClient http_;
};

}  // namespace onestack::compute::manager
