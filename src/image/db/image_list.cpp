#include "image/db/image_list.hpp"

#include <stdexcept>

#include "image/db/image_table.hpp"

namespace onestack::image::db {

using onestack::db::Params;
using onestack::db::Value;

namespace {

bool is_integer_column(const std::string& c) {
    return c == "size" || c == "virtual_size" || c == "min_disk" || c == "min_ram" ||
           c == "created_at" || c == "updated_at" || c == "protected" || c == "os_hidden";
}

// Sort expressions never NULL, so that marker comparisons stay total.
std::string sort_expr(const std::string& key) {
    if (key == "size") {
        return "COALESCE(size, -1)";
    }
    if (key == "name" || key == "container_format" || key == "disk_format") {
        return "COALESCE(" + key + ", '')";
    }
    return key;
}

Value marker_value(const ImageRecord& m, const std::string& key) {
    if (key == "name") {
        return m.name.value_or("");
    }
    if (key == "status") {
        return m.status;
    }
    if (key == "container_format") {
        return m.container_format.value_or("");
    }
    if (key == "disk_format") {
        return m.disk_format.value_or("");
    }
    if (key == "size") {
        return m.size.value_or(-1);
    }
    if (key == "id") {
        return m.id;
    }
    if (key == "created_at") {
        return m.created_at;
    }
    if (key == "updated_at") {
        return m.updated_at;
    }
    throw std::invalid_argument("unknown sort key " + key);
}

class SqlBuilder {
  public:
    std::string bind(Value v) {
        params_.push_back(std::move(v));
        return ":b" + std::to_string(params_.size());
    }
    // An integer parameter compared with an expression (no column affinity in SQLite).
    std::string bind_int(Value v) { return "CAST(" + bind(std::move(v)) + " AS BIGINT)"; }
    Params& params() { return params_; }

  private:
    Params params_;
};

bool is_integer_sort(const std::string& key) {
    return key == "size" || key == "created_at" || key == "updated_at";
}

}  // namespace

std::vector<ImageRecord> list_images(onestack::db::Conn& c, const ListQuery& q, const Viewer& v) {
    SqlBuilder b;
    std::vector<std::string> where{"status NOT IN ('killed', 'deleted')"};
    if (!v.admin) {
        std::string scope = "visibility IN ('public', 'community')";
        if (v.project) {
            auto owner = b.bind(*v.project);
            std::string member =
                "visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m "
                "WHERE m.image_id = images.id AND m.member = " +
                b.bind(*v.project);
            if (q.member_status != "all") {
                member += " AND m.status = " + b.bind(q.member_status);
            }
            member += ")";
            scope += " OR owner = " + owner + " OR (" + member + ")";
        }
        where.push_back("(" + scope + ")");
    }
    if (q.visibility) {
        if (*q.visibility != "all") {
            where.push_back("visibility = " + b.bind(*q.visibility));
        }
    } else if (!v.project) {
        where.push_back("visibility <> 'community'");
    } else {
        // Community images appear in the default list only to their owner.
        where.push_back("(owner = " + b.bind(*v.project) + " OR visibility <> 'community')");
    }
    for (const auto& cond : q.conditions) {
        bool integer = is_integer_column(cond.column);
        if (cond.op == "IN") {
            std::string list;
            for (const auto& val : cond.values) {
                list += (list.empty() ? "" : ", ") + (integer ? b.bind_int(val) : b.bind(val));
            }
            where.push_back(cond.column + " IN (" + (list.empty() ? "NULL" : list) + ")");
        } else {
            const auto& val = cond.values.at(0);
            if (std::holds_alternative<std::monostate>(val)) {
                where.push_back(cond.column + (cond.op == "=" ? " IS NULL" : " IS NOT NULL"));
            } else {
                where.push_back(cond.column + " " + cond.op + " " +
                                (integer ? b.bind_int(val) : b.bind(val)));
            }
        }
    }
    for (const auto& tag : q.tags) {
        where.push_back(
            "EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = images.id AND t.value = " +
            b.bind(tag) + ")");
    }
    for (const auto& [name, value] : q.properties) {
        // Bound in text order (the parameters are positional; the operands
        // of one + expression may be evaluated in any order).
        auto name_param = b.bind(name);
        auto value_param = b.bind(value);
        where.push_back(
            "EXISTS (SELECT 1 FROM image_properties p WHERE p.image_id = images.id AND p.name = " +
            name_param + " AND p.value = " + value_param + ")");
    }
    if (q.marker) {
        // (k1 > m1) OR (k1 = m1 AND k2 > m2) OR ... with < for descending keys.
        std::string any;
        for (std::size_t i = 0; i < q.sort.size(); ++i) {
            std::string term;
            for (std::size_t j = 0; j < i; ++j) {
                const auto& k = q.sort[j].key;
                auto mv = marker_value(*q.marker, k);
                term += sort_expr(k) + " = " + (is_integer_sort(k) ? b.bind_int(mv) : b.bind(mv)) +
                        " AND ";
            }
            const auto& k = q.sort[i].key;
            auto mv = marker_value(*q.marker, k);
            term += sort_expr(k) + (q.sort[i].descending ? " < " : " > ") +
                    (is_integer_sort(k) ? b.bind_int(mv) : b.bind(mv));
            any += (any.empty() ? "(" : " OR (") + term + ")";
        }
        if (!any.empty()) {
            where.push_back("(" + any + ")");
        }
    }
    std::string page = " FROM images WHERE ";
    for (std::size_t i = 0; i < where.size(); ++i) {
        page += (i ? " AND " : "") + where[i];
    }
    page += " ORDER BY ";
    for (std::size_t i = 0; i < q.sort.size(); ++i) {
        page +=
            (i ? ", " : "") + sort_expr(q.sort[i].key) + (q.sort[i].descending ? " DESC" : " ASC");
    }
    page += " LIMIT " + std::to_string(q.limit);
    std::vector<ImageRecord> images;
    for (const auto& row : c.query("SELECT *" + page, b.params())) {
        images.push_back(image_from_row(row));
    }
    // Details of the same page, selected again inside each query (same transaction).
    load_details(c, images, "SELECT id FROM (SELECT id" + page + ") AS page", b.params());
    return images;
}

bool is_visible(onestack::db::Conn& c, const ImageRecord& image, const Viewer& v) {
    if (v.admin || !image.owner || image.visibility == "public" ||
        image.visibility == "community") {
        return true;
    }
    if (!v.project) {
        return false;
    }
    if (*v.project == *image.owner) {
        return true;
    }
    if (image.visibility == "shared") {
        return c
            .query_one("SELECT 1 FROM image_members WHERE image_id = :i AND member = :m",
                       {image.id, *v.project})
            .has_value();
    }
    return false;
}

}  // namespace onestack::image::db
