#pragma once
// Where an agent gets image data for drivers that boot from local files:
// the image service (Glance v2), streamed to a file and checked against the
// image's MD5 `checksum`.
#include <string>

#include "common/context/request_context.hpp"
#include "common/http/client.hpp"

namespace onestack::compute::manager {

class ImageDownloader {
  public:
    virtual ~ImageDownloader() = default;
    // Writes the image's data to `dest`; throws when the image is not active,
    // the download fails or the data does not match its checksum.
    virtual void download(const RequestContext& ctx, const std::string& image_id,
                          const std::string& dest) = 0;
};

// GET /v2/images/{id} (status, checksum), then GET /v2/images/{id}/file,
// with the caller's token.
class GlanceDownloader : public ImageDownloader {
  public:
    explicit GlanceDownloader(std::string image_url) : url_(std::move(image_url)) {}
    void download(const RequestContext& ctx, const std::string& image_id,
                  const std::string& dest) override;

  private:
    std::string url_;
    http::HttpClient http_{std::chrono::minutes(10)};
};

}  // namespace onestack::compute::manager
