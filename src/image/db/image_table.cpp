#include "image/db/image_table.hpp"

#include <map>

namespace onestack::image::db {

using onestack::db::Params;
using onestack::db::Row;
using onestack::db::Value;

namespace {

Value opt_str(const std::optional<std::string>& v) {
    return v ? Value(*v) : Value(std::monostate{});
}
Value opt_int(const std::optional<std::int64_t>& v) {
    return v ? Value(*v) : Value(std::monostate{});
}
std::optional<std::int64_t> opt_i64(const Row& r, std::string_view col) {
    if (r.is_null(col)) {
        return std::nullopt;
    }
    return r.i64(col);
}

void write_properties_and_tags(Conn& c, const ImageRecord& image) {
    for (const auto& [name, value] : image.properties) {
        c.exec("INSERT INTO image_properties (image_id, name, value) VALUES (:v1, :v2, :v3)",
               {image.id, name, value});
    }
    std::int64_t pos = 0;
    for (const auto& tag : image.tags) {
        c.exec("INSERT INTO image_tags (image_id, value, position) VALUES (:v4, :v5, :v6)",
               {image.id, tag, pos++});
    }
}

std::string placeholders(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += (i ? ", :id" : ":id") + std::to_string(i);
    }
    return s;
}

}  // namespace

ImageRecord image_from_row(const Row& r) {
    ImageRecord i;
    i.id = r.str("id");
    i.name = r.opt_str("name");
    i.status = r.str("status");
    i.visibility = r.str("visibility");
    i.size = opt_i64(r, "size");
    i.virtual_size = opt_i64(r, "virtual_size");
    i.checksum = r.opt_str("checksum");
    i.os_hash_algo = r.opt_str("os_hash_algo");
    i.os_hash_value = r.opt_str("os_hash_value");
    i.min_disk = r.i64("min_disk");
    i.min_ram = r.i64("min_ram");
    i.owner = r.opt_str("owner");
    i.is_protected = r.flag("protected");
    i.os_hidden = r.flag("os_hidden");
    i.disk_format = r.opt_str("disk_format");
    i.container_format = r.opt_str("container_format");
    i.created_at = r.i64("created_at");
    i.updated_at = r.i64("updated_at");
    return i;
}

void load_details(Conn& c, std::vector<ImageRecord>& images) {
    if (images.empty()) {
        return;
    }
    Params ids;
    for (auto& i : images) {
        ids.emplace_back(i.id);
    }
    load_details(c, images, placeholders(ids.size()), ids);
}

void load_details(Conn& c, std::vector<ImageRecord>& images, const std::string& id_select,
                  const Params& params) {
    if (images.empty()) {
        return;
    }
    std::map<std::string, ImageRecord*, std::less<>> by_id;
    for (auto& i : images) {
        by_id[i.id] = &i;
    }
    auto image = [&](const Row& r) -> ImageRecord* {
        auto it = by_id.find(r.str("image_id"));
        return it == by_id.end() ? nullptr : it->second;
    };
    const auto in = " IN (" + id_select + ")";
    for (const auto& r : c.query(
             "SELECT image_id, name, value FROM image_properties WHERE image_id" + in, params)) {
        if (auto* i = image(r)) {
            i->properties[r.str("name")] = r.str("value");
        }
    }
    for (const auto& r : c.query(
             "SELECT image_id, value FROM image_tags WHERE image_id" + in + " ORDER BY position",
             params)) {
        if (auto* i = image(r)) {
            i->tags.push_back(r.str("value"));
        }
    }
    for (const auto& r :
         c.query("SELECT id, image_id, store, url, status FROM image_locations WHERE image_id" +
                     in + " ORDER BY id",
                 params)) {
        if (auto* i = image(r)) {
            i->locations.push_back({r.i64("id"), r.str("store"), r.str("url"), r.str("status")});
        }
    }
}

std::optional<ImageRecord> find_image(Conn& c, const std::string& id) {
    auto row = c.query_one("SELECT * FROM images WHERE id = :v9", {id});
    if (!row) {
        return std::nullopt;
    }
    std::vector<ImageRecord> one{image_from_row(*row)};
    load_details(c, one);
    return std::move(one.front());
}

void insert_image(Conn& c, const ImageRecord& i) {
    c.exec(
        "INSERT INTO images (id, name, size, virtual_size, status, visibility, checksum, "
        "os_hash_algo, os_hash_value, min_disk, min_ram, owner, protected, os_hidden, "
        "disk_format, container_format, created_at, updated_at) "
        "VALUES (:v10, :v11, :v12, :v13, :v14, :v15, :v16, :v17, :v18, :v19, :v20, :v21, :v22, "
        ":v23, :v24, :v25, :v26, :v27)",
        {i.id, opt_str(i.name), opt_int(i.size), opt_int(i.virtual_size), i.status, i.visibility,
         opt_str(i.checksum), opt_str(i.os_hash_algo), opt_str(i.os_hash_value), i.min_disk,
         i.min_ram, opt_str(i.owner), onestack::db::boolean(i.is_protected),
         onestack::db::boolean(i.os_hidden), opt_str(i.disk_format), opt_str(i.container_format),
         i.created_at, i.updated_at});
    write_properties_and_tags(c, i);
}

void update_image(Conn& c, const ImageRecord& i) {
    c.exec(
        "UPDATE images SET name = :v28, size = :v29, virtual_size = :v30, status = :v31, "
        "visibility = :v32, "
        "checksum = :v33, os_hash_algo = :v34, os_hash_value = :v35, min_disk = :v36, min_ram = "
        ":v37, owner = :v38, "
        "protected = :v39, os_hidden = :v40, disk_format = :v41, container_format = :v42, "
        "updated_at = :v43 "
        "WHERE id = :v44",
        {opt_str(i.name), opt_int(i.size), opt_int(i.virtual_size), i.status, i.visibility,
         opt_str(i.checksum), opt_str(i.os_hash_algo), opt_str(i.os_hash_value), i.min_disk,
         i.min_ram, opt_str(i.owner), onestack::db::boolean(i.is_protected),
         onestack::db::boolean(i.os_hidden), opt_str(i.disk_format), opt_str(i.container_format),
         i.updated_at, i.id});
    c.exec("DELETE FROM image_properties WHERE image_id = :v45", {i.id});
    c.exec("DELETE FROM image_tags WHERE image_id = :v46", {i.id});
    write_properties_and_tags(c, i);
}

void delete_image(Conn& c, const std::string& id) {
    c.exec("DELETE FROM image_properties WHERE image_id = :v47", {id});
    c.exec("DELETE FROM image_tags WHERE image_id = :v48", {id});
    c.exec("DELETE FROM image_members WHERE image_id = :v49", {id});
    c.exec("DELETE FROM image_locations WHERE image_id = :v50", {id});
    c.exec("DELETE FROM images WHERE id = :v51", {id});
}

bool transition_status(Conn& c, const std::string& id, const std::string& from,
                       const std::string& to, std::int64_t now) {
    return c.exec(
               "UPDATE images SET status = :v52, updated_at = :v53 WHERE id = :v54 AND status = "
               ":v55",
               {to, now, id, from}) == 1;
}

bool finish_upload(Conn& c, const std::string& id, const std::string& from, const UploadedData& d,
                   const LocationRecord& location, std::int64_t now) {
    auto changed = c.exec(
        "UPDATE images SET status = 'active', size = :s, virtual_size = :v, checksum = :c, "
        "os_hash_algo = 'sha512', os_hash_value = :h, updated_at = :u "
        "WHERE id = :id AND status = :from",
        {d.size, opt_int(d.virtual_size), d.checksum, d.os_hash_value, now, id, from});
    if (changed != 1) {
        return false;
    }
    add_location(c, id, location, now);
    return true;
}

void add_location(Conn& c, const std::string& image_id, const LocationRecord& l, std::int64_t now) {
    c.exec(
        "INSERT INTO image_locations (image_id, store, url, status, created_at) "
        "VALUES (:v56, :v57, :v58, :v59, :v60)",
        {image_id, l.store, l.url, l.status, now});
}

void set_property(Conn& c, const std::string& image_id, const std::string& name,
                  const std::string& value) {
    if (c.exec("UPDATE image_properties SET value = :v61 WHERE image_id = :v62 AND name = :v63",
               {value, image_id, name}) == 0) {
        c.exec("INSERT INTO image_properties (image_id, name, value) VALUES (:v64, :v65, :v66)",
               {image_id, name, value});
    }
}

void remove_property(Conn& c, const std::string& image_id, const std::string& name) {
    c.exec("DELETE FROM image_properties WHERE image_id = :v67 AND name = :v68", {image_id, name});
}

bool add_property_if_absent(Conn& c, const std::string& image_id, const std::string& name,
                            const std::string& value) {
    if (c.query_one("SELECT 1 FROM image_properties WHERE image_id = :v69 AND name = :v70",
                    {image_id, name})) {
        return false;
    }
    c.exec("INSERT INTO image_properties (image_id, name, value) VALUES (:v71, :v72, :v73)",
           {image_id, name, value});
    return true;
}

std::int64_t count_owned(Conn& c, const std::string& owner) {
    auto r = c.query_one(
        "SELECT COUNT(*) AS n FROM images WHERE owner = :v74 AND status <> 'killed'", {owner});
    return r ? r->i64("n") : 0;
}

std::int64_t bytes_stored(Conn& c, const std::string& owner, const std::string& except_image) {
    auto r = c.query_one(
        "SELECT COALESCE(SUM(i.size), 0) AS n FROM images i JOIN image_locations l "
        "ON l.image_id = i.id AND l.status <> 'deleted' "
        "WHERE i.owner = :v75 AND i.id <> :v76 AND i.size > 0 AND i.status NOT IN ('killed', "
        "'deleted')",
        {owner, except_image});
    return r ? r->i64("n") : 0;
}

}  // namespace onestack::image::db
