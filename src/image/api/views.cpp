#include "image/api/views.hpp"

#include "common/util/time.hpp"

namespace onestack::image::api {
namespace {

boost::json::value opt(const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value parsed_or_null(const std::optional<std::string>& text) {
    if (!text || text->empty()) {
        return nullptr;
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(*text, ec);
    return ec ? boost::json::value(*text) : v;
}

}  // namespace

std::string isotime(std::int64_t micros) {
    return util::iso8601_z(micros / 1000000);
}

boost::json::object image_view(const ImageRecord& i, const ImageOptions& options,
                               boost::json::storage_ptr sp) {
    boost::json::object v(std::move(sp));
    v.reserve(i.properties.size() + 24);
    // Values are built in the object's storage (a list's arena) rather than
    // built elsewhere and copied in.
    auto set_opt = [&v](std::string_view key, const auto& o) {
        if (o) {
            v.insert_or_assign(key, *o);
        } else {
            v.insert_or_assign(key, nullptr);
        }
    };
    for (const auto& [k, val] : i.properties) {
        if (k != "os_glance_stage_host") {
            v.insert_or_assign(k, val);
        }
    }
    set_opt("name", i.name);
    set_opt("disk_format", i.disk_format);
    set_opt("container_format", i.container_format);
    v.insert_or_assign("visibility", i.visibility);
    set_opt("size", i.size);
    set_opt("virtual_size", i.virtual_size);
    v.insert_or_assign("status", i.status);
    set_opt("checksum", i.checksum);
    v.insert_or_assign("protected", i.is_protected);
    v.insert_or_assign("min_ram", i.min_ram);
    v.insert_or_assign("min_disk", i.min_disk);
    set_opt("owner", i.owner);
    v.insert_or_assign("os_hidden", i.os_hidden);
    set_opt("os_hash_algo", i.os_hash_algo);
    set_opt("os_hash_value", i.os_hash_value);
    v.insert_or_assign("id", i.id);
    v.insert_or_assign("created_at", isotime(i.created_at));
    v.insert_or_assign("updated_at", isotime(i.updated_at));
    if (options.show_multiple_locations) {
        boost::json::array locs(v.storage());
        for (const auto& l : i.locations) {
            locs.push_back({{"url", l.url}, {"metadata", {{"store", l.store}}}});
        }
        v.insert_or_assign("locations", std::move(locs));
    }
    if (options.show_image_direct_url && !i.locations.empty()) {
        v.insert_or_assign("direct_url", i.locations.front().url);
    }
    boost::json::array tags(v.storage());
    tags.reserve(i.tags.size());
    for (const auto& t : i.tags) {
        tags.emplace_back(t);
    }
    v.insert_or_assign("tags", std::move(tags));
    v.insert_or_assign("self", "/v2/images/" + i.id);
    v.insert_or_assign("file", "/v2/images/" + i.id + "/file");
    v.insert_or_assign("schema", "/v2/schemas/image");
    std::string stores;
    for (const auto& l : i.locations) {
        stores += (stores.empty() ? "" : ",") + l.store;
    }
    if (!stores.empty()) {
        v.insert_or_assign("stores", stores);
    }
    return v;
}

boost::json::object member_view(const MemberRecord& m) {
    return {{"member_id", m.member},
            {"image_id", m.image_id},
            {"status", m.status},
            {"created_at", isotime(m.created_at)},
            {"updated_at", isotime(m.updated_at)},
            {"schema", "/v2/schemas/member"}};
}

boost::json::object task_view(const TaskRecord& t) {
    boost::json::object v{{"id", t.id},
                          {"type", t.type},
                          {"status", t.status},
                          {"owner", opt(t.owner)},
                          {"input", parsed_or_null(t.input)},
                          {"result", parsed_or_null(t.result)},
                          {"message", t.message},
                          {"created_at", isotime(t.created_at)},
                          {"updated_at", isotime(t.updated_at)},
                          {"self", "/v2/tasks/" + t.id},
                          {"schema", "/v2/schemas/task"}};
    if (t.expires_at) {
        v["expires_at"] = isotime(*t.expires_at);
    }
    if (t.image_id) {
        v["image_id"] = *t.image_id;
    }
    if (t.request_id) {
        v["request_id"] = *t.request_id;
    }
    if (t.user_id) {
        v["user_id"] = *t.user_id;
    }
    return v;
}

boost::json::object image_task_view(const TaskRecord& t) {
    auto micro = [](std::int64_t us) { return util::iso8601_micros(us); };
    return {{"id", t.id},
            {"type", t.type},
            {"status", t.status},
            {"owner", opt(t.owner)},
            {"expires_at", t.expires_at ? boost::json::value(micro(*t.expires_at)) : nullptr},
            {"created_at", micro(t.created_at)},
            {"updated_at", micro(t.updated_at)},
            {"deleted_at", nullptr},
            {"deleted", false},
            {"image_id", opt(t.image_id)},
            {"request_id", opt(t.request_id)},
            {"user_id", opt(t.user_id)},
            {"input", parsed_or_null(t.input)},
            {"result", parsed_or_null(t.result)},
            {"message", t.message}};
}

}  // namespace onestack::image::api
