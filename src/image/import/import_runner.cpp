#include "image/import/import_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "common/util/time.hpp"
#include "image/data/ingest.hpp"
#include "image/db/image_table.hpp"
#include "image/db/task_table.hpp"
#include "image/image_service.hpp"

namespace onestack::image {
namespace {

std::int64_t now() {
    return util::now_unix_micros();
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto comma = s.find(',', start);
        auto item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) {
            out.push_back(item);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) {
        s += (s.empty() ? "" : ",") + x;
    }
    return s;
}

// Moves `store_id` from os_glance_importing_to_stores to nowhere (done) or
// to os_glance_failed_import (failed), as glance's _ImportToStore does.
void mark_store(onestack::db::Conn& c, const std::string& image_id, const std::string& store_id,
                bool failed) {
    auto image = db::find_image(c, image_id);
    if (!image) {
        return;
    }
    auto importing = split_list(image->properties["os_glance_importing_to_stores"]);
    std::erase(importing, store_id);
    db::set_property(c, image_id, "os_glance_importing_to_stores", join_list(importing));
    if (failed) {
        auto failures = split_list(image->properties["os_glance_failed_import"]);
        failures.push_back(store_id);
        db::set_property(c, image_id, "os_glance_failed_import", join_list(failures));
    }
}

}  // namespace

ImportRunner::ImportRunner(ImageService& svc) : svc_(svc), worker_([this] { loop(); }) {}

ImportRunner::~ImportRunner() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
}

void ImportRunner::submit(ImportJob job) {
    {
        std::lock_guard lock(mu_);
        queue_.push_back(std::move(job));
    }
    cv_.notify_all();
}

void ImportRunner::drain() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

void ImportRunner::loop() {
    for (;;) {
        ImportJob job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping with nothing left
            }
            job = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
        }
        try {
            run(job);
        } catch (const std::exception& e) {
            spdlog::error("image import task {} failed unexpectedly: {}", job.task_id, e.what());
        }
        {
            std::lock_guard lock(mu_);
            busy_ = false;
        }
        cv_.notify_all();
    }
}

void ImportRunner::run(const ImportJob& job) {
    auto& db = svc_.db();
    auto finish_task = [&](const std::string& status, const std::string& message) {
        db.write([&](onestack::db::Conn& c) {
            auto task = db::find_task(c, job.task_id);
            if (!task) {
                return;
            }
            task->status = status;
            task->message = message;
            if (status == "success") {
                task->result =
                    boost::json::serialize(boost::json::object{{"image_id", job.image_id}});
            }
            task->updated_at = now();
            task->expires_at = task->updated_at +
                               std::int64_t{svc_.options().task_time_to_live_hours} * 3600000000;
            db::update_task(c, *task);
            // The import lock goes with the task.
            auto image = db::find_image(c, job.image_id);
            if (image && image->properties["os_glance_import_task"] == job.task_id) {
                db::remove_property(c, job.image_id, "os_glance_import_task");
            }
        });
    };
    db.write([&](onestack::db::Conn& c) {
        auto task = db::find_task(c, job.task_id);
        task->status = "processing";
        task->updated_at = now();
        db::update_task(c, *task);
    });

    const bool direct = job.method == "glance-direct";
    auto image = db.read([&](onestack::db::Conn& c) { return db::find_image(c, job.image_id); });
    if (!image) {
        finish_task("failure", "Image " + job.image_id + " was deleted during import.");
        return;
    }
    auto& staging = svc_.stores().staging();
    const LocationRecord* source = nullptr;
    if (direct) {
        db.write([&](onestack::db::Conn& c) {
            db::transition_status(c, job.image_id, "uploading", "importing", now());
        });
    } else {
        for (const auto& l : image->locations) {
            if (svc_.stores().find(l.store) != nullptr) {
                source = &l;
                break;
            }
        }
        if (source == nullptr) {
            finish_task("failure", "Image " + job.image_id + " has no data to copy.");
            return;
        }
    }

    std::vector<std::string> written;  // store ids that now hold the data
    std::string failure;
    for (const auto& store_id : job.stores) {
        auto* store = svc_.stores().find(store_id);
        try {
            auto reader =
                direct ? staging.open(staging.url_of(job.image_id), 0, std::nullopt)
                       : svc_.stores().find(source->store)->open(source->url, 0, std::nullopt);
            auto writer = store->begin_write(job.image_id);
            data::IngestLimits limits;
            limits.size_cap = svc_.options().image_size_cap;
            auto result = data::ingest(
                [&](char* buf, std::size_t n) { return reader->read(buf, n); }, *writer, limits,
                image->disk_format.value_or(""), image->container_format == "bare");
            if (!direct && image->checksum && result.checksum != *image->checksum) {
                throw std::runtime_error("checksum of the copy differs from the image's");
            }
            auto url = writer->commit();
            bool recorded = db.write([&](onestack::db::Conn& c) {
                LocationRecord location{0, store_id, url, "active"};
                bool ok = false;
                if (direct && written.empty()) {
                    db::UploadedData d{static_cast<std::int64_t>(result.size), result.checksum,
                                       result.os_hash_value, result.virtual_size};
                    ok = db::finish_upload(c, job.image_id, "importing", d, location, now());
                } else if (db::find_image(c, job.image_id)) {
                    db::add_location(c, job.image_id, location, now());
                    ok = true;
                }
                if (ok) {
                    mark_store(c, job.image_id, store_id, false);
                }
                return ok;
            });
            if (!recorded) {
                store->remove(url);
                throw std::runtime_error("image " + job.image_id + " was deleted during import");
            }
            written.push_back(store_id);
        } catch (const std::exception& e) {
            spdlog::warn("import of image {} into store {} failed: {}", job.image_id, store_id,
                         e.what());
            db.write([&](onestack::db::Conn& c) { mark_store(c, job.image_id, store_id, true); });
            failure = "Failed to import image " + job.image_id + " to store " + store_id + ": " +
                      e.what();
            if (job.all_stores_must_succeed) {
                break;
            }
        }
    }

    bool failed = !failure.empty() && (job.all_stores_must_succeed || written.empty());
    if (direct) {
        if (failed) {
            // Revert: the image goes back to queued without data, as upstream's flow does.
            auto current =
                db.read([&](onestack::db::Conn& c) { return db::find_image(c, job.image_id); });
            db.write([&](onestack::db::Conn& c) {
                c.exec("DELETE FROM image_locations WHERE image_id = :i", {job.image_id});
                c.exec(
                    "UPDATE images SET status = 'queued', size = NULL, virtual_size = NULL, "
                    "checksum = NULL, os_hash_algo = NULL, os_hash_value = NULL, updated_at = :u "
                    "WHERE id = :i AND status IN ('importing', 'active')",
                    {now(), job.image_id});
            });
            if (current) {
                for (const auto& l : current->locations) {
                    if (auto* s = svc_.stores().find(l.store)) {
                        s->remove(l.url);
                    }
                }
            }
        }
        staging.remove(staging.url_of(job.image_id));
    }
    finish_task(failed ? "failure" : "success", failed ? failure : "");
}

}  // namespace onestack::image
