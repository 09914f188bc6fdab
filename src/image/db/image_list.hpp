#pragma once
// The image list query: who may see what (glance/db/sqlalchemy/api.py
// _select_images_query and image_get_all), filters, multi-key sort and
// marker paging.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/db/database.hpp"
#include "image/db/records.hpp"

namespace onestack::image::db {

struct Viewer {
    bool admin = false;
    std::optional<std::string> project;  // the caller's project (glance's context.owner)
};

// column <op> value(s) on the images table. Integer columns compare as integers.
struct Condition {
    std::string column;
    std::string op;  // "=", "<>", "<", "<=", ">", ">=", "IN"
    std::vector<onestack::db::Value> values;
};

struct SortKey {
    std::string key;  // one of glance's _available_sort_keys
    bool descending = true;
};

struct ListQuery {
    std::vector<Condition> conditions;
    std::vector<std::pair<std::string, std::string>> properties;  // extra property equals value
    std::vector<std::string> tags;                                // each must be present
    std::string member_status = "accepted";                       // or pending, rejected, all
    std::optional<std::string> visibility;                        // a visibility or "all"
    std::vector<SortKey> sort;
    std::size_t limit = 25;
    std::optional<ImageRecord> marker;
};

// One page, properties, tags and locations loaded.
std::vector<ImageRecord> list_images(onestack::db::Conn& c, const ListQuery& q, const Viewer& v);

// Whether a viewer may see an image at all (glance's is_image_visible): any
// membership status counts.
bool is_visible(onestack::db::Conn& c, const ImageRecord& image, const Viewer& v);

}  // namespace onestack::image::db
