#pragma once
// Reads and writes of images with their properties, tags and locations.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "image/db/records.hpp"

namespace onestack::image::db {

using onestack::db::Conn;

std::optional<ImageRecord> find_image(Conn& c, const std::string& id);
void insert_image(Conn& c, const ImageRecord& image);
// Writes every column, properties and tags (not locations).
void update_image(Conn& c, const ImageRecord& image);
void delete_image(Conn& c, const std::string& id);

// UPDATE ... SET status = to WHERE id = ? AND status = from: the one writer
// that moves an image out of a state wins. False when the image was not in
// `from` (or is gone).
bool transition_status(Conn& c, const std::string& id, const std::string& from,
                       const std::string& to, std::int64_t now);

// saving -> active with the data's size, hashes and location, only if the
// image is still saving (it may have been deleted meanwhile).
struct UploadedData {
    std::int64_t size = 0;
    std::string checksum;
    std::string os_hash_value;
    std::optional<std::int64_t> virtual_size;
};
bool finish_upload(Conn& c, const std::string& id, const std::string& from,
                   const UploadedData& data, const LocationRecord& location, std::int64_t now);

// Loads properties, tags and locations of already-read images (one query each).
void load_details(Conn& c, std::vector<ImageRecord>& images);
// The same, with the images' ids given by a SELECT (and its parameters) rather
// than one bound parameter per image: SQLite looks named parameters up one by
// one, so a page of 1,000 ids costs a million string compares per query.
void load_details(Conn& c, std::vector<ImageRecord>& images, const std::string& id_select,
                  const onestack::db::Params& params);
ImageRecord image_from_row(const onestack::db::Row& row);

void add_location(Conn& c, const std::string& image_id, const LocationRecord& location,
                  std::int64_t now);
void set_property(Conn& c, const std::string& image_id, const std::string& name,
                  const std::string& value);
void remove_property(Conn& c, const std::string& image_id, const std::string& name);
// INSERT of a property that must not exist yet (glance's set_property_atomic): false if it does.
bool add_property_if_absent(Conn& c, const std::string& image_id, const std::string& name,
                            const std::string& value);

// Images owned by a project (all states but killed), for image_count quota.
std::int64_t count_owned(Conn& c, const std::string& owner);
// Bytes a project stores: size times active locations, summed (glance's
// _image_get_disk_usage_by_owner), excluding one image.
std::int64_t bytes_stored(Conn& c, const std::string& owner, const std::string& except_image);

}  // namespace onestack::image::db
