#pragma once
// Project tags as keystone/resource/schema.py and resource/core.py treat
// them: at most 80 unique tags of 1-255 characters without '/' or ',', and
// the tags / tags-any / not-tags / not-tags-any list filters.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json/schema.hpp"

namespace onestack::identity::resource {

inline constexpr std::size_t kMaxTags = 80;

// The schemas keystone validates one tag (PUT .../tags/{tag}) and a whole
// list (PUT .../tags, "tags" in a project body) with.
const onestack::json::Schema& tag_schema();
const onestack::json::Schema& tag_list_schema();
// Throw Fault 400 with keystone's validation message.
void validate_tag(const boost::json::value& tag);
void validate_tag_list(const boost::json::value& tags);

// Python's str.strip(), which keystone applies to tags and names.
std::string strip(std::string_view s);

// GET /v3/projects?tags=a,b&not-tags-any=c: each given filter must hold.
struct TagQuery {
    std::optional<std::vector<std::string>> all;      // tags: has every one
    std::optional<std::vector<std::string>> any;      // tags-any: has at least one
    std::optional<std::vector<std::string>> not_all;  // not-tags: lacks at least one
    std::optional<std::vector<std::string>> not_any;  // not-tags-any: has none

    bool empty() const { return !all && !any && !not_all && !not_any; }
    bool matches(const std::vector<std::string>& tags) const;
};

// Keystone splits each filter value on ','.
std::vector<std::string> split_tags(std::string_view value);

}  // namespace onestack::identity::resource
