// Image data (glance/api/v2/image_data.py): PUT /file streams the request
// body into a store while hashing it, GET /file streams it back (Range
// supported), PUT /stage keeps it for a later glance-direct import. Memory
// stays constant: one fixed buffer per transfer.
#include "common/http/message.hpp"
#include "image/api/common.hpp"
#include "image/api/data_errors.hpp"
#include "image/api/quotas.hpp"
#include "image/api/routes.hpp"
#include "image/data/ingest.hpp"
#include "image/db/image_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image::api {
namespace {

void require_octet_stream(const Request& req) {
    std::string ct(req.header("Content-Type"));
    if (auto semi = ct.find(';'); semi != std::string::npos) {
        ct.resize(semi);
    }
    while (!ct.empty() && ct.back() == ' ') {
        ct.pop_back();
    }
    if (ct != "application/octet-stream") {
        throw Fault::unsupported_media_type("Invalid content type " + ct);
    }
}

// Domain Image.status setter: formats must be known before data arrives.
void require_formats(const ImageRecord& image) {
    std::vector<std::string> missing;
    if (!image.disk_format) {
        missing.emplace_back("disk_format");
    }
    if (!image.container_format) {
        missing.emplace_back("container_format");
    }
    if (missing.size() == 1) {
        throw Fault::bad_request("Property " + missing[0] + " must be set prior to saving data.");
    }
    if (missing.size() == 2) {
        throw Fault::bad_request(
            "Properties disk_format, container_format must be set prior to saving data.");
    }
}

std::function<std::size_t(char*, std::size_t)> body_source(Request& req) {
    return [&req](char* buf, std::size_t n) { return req.body_reader->read(buf, n); };
}

// Moves queued -> `busy` or answers 409 as glance's InvalidImageStatusTransition.
void claim(ImageService& svc, const std::string& id, const std::string& busy) {
    bool won = svc.db().write([&](onestack::db::Conn& c) {
        return db::transition_status(c, id, "queued", busy, now_micros());
    });
    if (!won) {
        auto now = svc.db().read([&](onestack::db::Conn& c) { return db::find_image(c, id); });
        if (!now) {
            throw Fault::not_found("No image found with ID " + id);
        }
        throw Fault::conflict("Image status transition from " + now->status + " to " + busy +
                              " is not allowed");
    }
}

void release(ImageService& svc, const std::string& id, const std::string& busy) {
    svc.db().write(
        [&](onestack::db::Conn& c) { db::transition_status(c, id, busy, "queued", now_micros()); });
}

void precheck_size(ImageService& svc, const Request& req, const ImageRecord& image,
                   data::IngestLimits& limits) {
    limits.size_cap = svc.options().image_size_cap;
    limits.quota_remaining = storage_remaining(svc, image.owner.value_or(""), image.id);
    auto declared = req.body_reader->content_length();
    if (declared && *declared > limits.size_cap) {
        throw Fault::too_large("The incoming image is too large: The provided image is too large.");
    }
    if (limits.quota_remaining && declared && *declared > *limits.quota_remaining) {
        throw_storage_quota(*declared, *limits.quota_remaining);
    }
    if (limits.quota_remaining && *limits.quota_remaining == 0) {
        throw_storage_quota(declared.value_or(0), 0);
    }
}

Response upload(ImageService& svc, Request& req) {
    require_octet_stream(req);
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id);
    enforce(svc, req, "upload_image", image_target(image, req));
    require_owner(svc, req, image, "Not allowed to upload image data for image " + id);
    std::string store_id(req.header("x-image-meta-store"));
    if (store_id.empty()) {
        store_id = svc.stores().default_id();
    }
    auto* store = svc.stores().find(store_id);
    if (store == nullptr) {
        throw Fault::bad_request("Unknown scheme '" + store_id + "' found in URI");
    }
    if (image.status != "queued") {
        throw Fault::conflict("Image status transition from " + image.status +
                              " to saving is not allowed");
    }
    require_formats(image);
    data::IngestLimits limits;
    precheck_size(svc, req, image, limits);
    claim(svc, id, "saving");
    try {
        auto writer = store->begin_write(id);
        auto result = data::ingest(body_source(req), *writer, limits, *image.disk_format,
                                   image.container_format == "bare");
        auto url = writer->commit();
        db::UploadedData d{static_cast<std::int64_t>(result.size), result.checksum,
                           result.os_hash_value, result.virtual_size};
        bool done = svc.db().write([&](onestack::db::Conn& c) {
            return db::finish_upload(c, id, "saving", d, {0, store->id(), url, "active"},
                                     now_micros());
        });
        if (!done) {
            store->remove(url);
            throw Fault::gone("Image " + id +
                              " could not be found after upload. The image may have been "
                              "deleted during the upload, cleaning up the chunks uploaded.");
        }
    } catch (const Fault& f) {
        if (f.status() != 410) {
            release(svc, id, "saving");
        }
        throw;
    } catch (...) {
        release(svc, id, "saving");
        rethrow_data_error(std::current_exception());
    }
    return Response::empty(204);
}

Response stage(ImageService& svc, Request& req) {
    const auto& methods = svc.options().enabled_import_methods;
    if (std::find(methods.begin(), methods.end(), "glance-direct") == methods.end()) {
        throw Fault::not_found("'glance-direct' method is not available at this site.");
    }
    require_octet_stream(req);
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id);
    enforce(svc, req, "modify_image", image_target(image, req));
    require_owner(svc, req, image);
    if (image.status != "queued") {
        throw Fault::conflict("Image status transition from " + image.status +
                              " to uploading is not allowed");
    }
    data::IngestLimits limits;
    precheck_size(svc, req, image, limits);
    claim(svc, id, "uploading");
    auto& staging = svc.stores().staging();
    try {
        auto writer = staging.begin_write(id);
        // The staged copy is hashed again when imported; this pass only counts and limits.
        auto result = data::ingest(body_source(req), *writer, limits, "", false);
        writer->commit();
        svc.db().write([&](onestack::db::Conn& c) {
            c.exec("UPDATE images SET size = :s, updated_at = :u WHERE id = :id",
                   {static_cast<std::int64_t>(result.size), now_micros(), id});
        });
    } catch (const store::StoreDuplicate&) {
        release(svc, id, "uploading");
        throw Fault::conflict("The image " + id + " has data on staging");
    } catch (const Fault&) {
        release(svc, id, "uploading");
        throw;
    } catch (...) {
        staging.remove(staging.url_of(id));
        release(svc, id, "uploading");
        rethrow_data_error(std::current_exception());
    }
    return Response::empty(204);
}

struct ByteRange {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::uint64_t last = 0;
};

// webob.byterange.Range.parse + glance's ResponseSerializer.download arithmetic.
std::optional<ByteRange> requested_range(const Request& req, std::uint64_t size) {
    std::string text(req.header("Range"));
    if (text.empty()) {
        return std::nullopt;
    }
    if (text.find(',') != std::string::npos) {
        throw Fault::bad_request(
            "Requests with multiple ranges are not supported in Glance. You "
            "may make multiple single-range requests instead.");
    }
    auto invalid = [] { return Fault::range_not_satisfiable("Invalid Range header."); };
    if (text.rfind("bytes=", 0) != 0) {
        throw invalid();
    }
    auto spec = text.substr(6);
    auto dash = spec.find('-');
    if (dash == std::string::npos) {
        throw invalid();
    }
    auto number = [&](const std::string& s) -> std::int64_t {
        if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) {
            throw invalid();
        }
        return std::stoll(s);
    };
    std::int64_t start = 0;
    std::optional<std::int64_t> end;  // exclusive
    if (dash == 0) {
        start = -number(spec.substr(1));
    } else {
        start = number(spec.substr(0, dash));
        if (dash + 1 < spec.size()) {
            end = number(spec.substr(dash + 1)) + 1;
            if (*end <= start) {
                throw invalid();
            }
        }
    }
    auto s = static_cast<std::int64_t>(size);
    if (start >= s) {
        throw Fault::range_not_satisfiable(
            "Invalid start position in Range header. Start position MUST be in the inclusive "
            "range [0, " +
            std::to_string(s - 1) + "].");
    }
    ByteRange r;
    std::int64_t offset = 0;
    if (start >= 0) {
        offset = start;
    } else if (-start < s) {
        offset = s + start;
    }
    r.offset = static_cast<std::uint64_t>(offset);
    if (end && *end < s) {
        r.length = static_cast<std::uint64_t>(*end - offset);
        r.last = static_cast<std::uint64_t>(*end - 1);
    } else {
        r.length = static_cast<std::uint64_t>(s - offset);
        r.last = static_cast<std::uint64_t>(s - 1);
    }
    return r;
}

Response download(ImageService& svc, Request& req) {
    const auto& id = req.param("image_id");
    auto image = visible_image(svc, req, id);
    if (image.status == "deactivated" && !is_admin(svc, req)) {
        throw Fault::forbidden(
            "The requested image has been deactivated. Image data download is forbidden.");
    }
    enforce(svc, req, "download_image", image_target(image, req));
    const LocationRecord* location = nullptr;
    store::Store* store = nullptr;
    for (const auto& l : image.locations) {
        if (auto* s = svc.stores().find(l.store); s != nullptr && l.status == "active") {
            location = &l;
            store = s;
            break;
        }
    }
    if (location == nullptr || image.status == "queued" || image.status == "saving") {
        return Response::empty(204);
    }
    auto size = static_cast<std::uint64_t>(image.size.value_or(0));
    auto range = requested_range(req, size);
    std::shared_ptr<store::StoreReader> reader;
    try {
        reader = range ? store->open(location->url, range->offset, range->length)
                       : store->open(location->url, 0, std::nullopt);
    } catch (const store::StoreNotFound&) {
        return Response::empty(204);
    }
    Response res(range ? 206 : 200);
    res.set("Content-Type", "application/octet-stream");
    if (range) {
        res.set("Content-Range", "bytes " + std::to_string(range->offset) + "-" +
                                     std::to_string(range->last) + "/" + std::to_string(size));
    }
    if (image.checksum) {
        res.set("Content-MD5", *image.checksum);
    }
    auto length = range ? range->length : size;
    if (auto file = reader->release_file()) {
        // A file store's image goes out with sendfile(2), not through a buffer.
        res.file_body = std::make_shared<http::FileBody>(file->fd, file->offset, length);
        return res;
    }
    res.content_length = length;
    res.body_source = [reader](char* buf, std::size_t n) { return reader->read(buf, n); };
    return res;
}

}  // namespace

void add_data_routes(ImageService& svc, http::Router& r) {
    onestack::http::RouteOptions streamed{.stream_body = true, .public_route = false};
    r.add(
        http::Verb::put, "/v2/images/{image_id}/file",
        [&svc](Request& req) { return upload(svc, req); }, streamed);
    r.add(
        http::Verb::put, "/v2/images/{image_id}/stage",
        [&svc](Request& req) { return stage(svc, req); }, streamed);
    r.add(http::Verb::get, "/v2/images/{image_id}/file",
          [&svc](Request& req) { return download(svc, req); });
}

}  // namespace onestack::image::api
