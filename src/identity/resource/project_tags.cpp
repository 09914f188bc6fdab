#include "identity/resource/project_tags.hpp"

#include <algorithm>

#include "common/api/fault.hpp"

namespace onestack::identity::resource {
namespace {

// keystone/resource/schema.py: _project_tag_name_properties and
// _project_tags_list_properties.
constexpr const char* kTagSchema =
    R"({"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[^,/]*$"})";

bool has(const std::vector<std::string>& tags, const std::string& tag) {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

void validate_with(const onestack::json::Schema& schema, const boost::json::value& v) {
    if (auto err = schema.validate(v)) {
        throw onestack::api::Fault::bad_request(onestack::json::keystone_message(*err));
    }
}

}  // namespace

const onestack::json::Schema& tag_schema() {
    static const auto schema = onestack::json::Schema::compile(kTagSchema);
    return schema;
}

const onestack::json::Schema& tag_list_schema() {
    static const auto schema = onestack::json::Schema::compile(
        std::string(R"({"type": "array", "items": )") + kTagSchema +
        R"(, "required": [], "maxItems": 80, "uniqueItems": true})");
    return schema;
}

void validate_tag(const boost::json::value& tag) {
    validate_with(tag_schema(), tag);
}

void validate_tag_list(const boost::json::value& tags) {
    validate_with(tag_list_schema(), tags);
}

std::string strip(std::string_view s) {
    constexpr std::string_view kSpace = " \t\n\r\f\v";
    auto first = s.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return {};
    }
    auto last = s.find_last_not_of(kSpace);
    return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split_tags(std::string_view value) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto comma = value.find(',', start);
        out.emplace_back(value.substr(start, comma - start));
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

bool TagQuery::matches(const std::vector<std::string>& tags) const {
    auto has_tag = [&](const std::string& t) { return has(tags, t); };
    if (all && !std::all_of(all->begin(), all->end(), has_tag)) {
        return false;
    }
    if (any && !std::any_of(any->begin(), any->end(), has_tag)) {
        return false;
    }
    if (not_all && std::all_of(not_all->begin(), not_all->end(), has_tag)) {
        return false;
    }
    if (not_any && std::any_of(not_any->begin(), not_any->end(), has_tag)) {
        return false;
    }
    return true;
}

}  // namespace onestack::identity::resource
