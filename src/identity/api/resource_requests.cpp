#include "identity/api/resource_requests.hpp"

#include <boost/json.hpp>

namespace onestack::identity::api {
namespace {

namespace json = boost::json;

json::value nullable(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

json::array tags_of(const std::vector<std::string>& tags) {
    json::array out;
    for (const auto& t : tags) {
        out.emplace_back(t);
    }
    return out;
}

std::string normalized(std::string key) {
    for (auto& ch : key) {
        if (ch == ':' || ch == '-') {
            ch = '_';
        }
    }
    return key;
}

bool is_column(std::string_view key) {
    for (auto k : {"id", "name", "domain_id", "description", "enabled", "parent_id", "is_domain",
                   "tags", "options"}) {
        if (key == k) {
            return true;
        }
    }
    return false;
}

}  // namespace

json::value body_member(const onestack::http::Request& req, std::string_view key) {
    if (req.body.empty()) {
        return json::object();
    }
    auto body = req.json();
    if (auto* o = body.if_object()) {
        if (auto* v = o->if_contains(key)) {
            return *v;
        }
    }
    return json::object();
}

json::object project_target(const Project& p) {
    json::object out = p.extra;
    out["id"] = p.id;
    out["name"] = p.name;
    out["domain_id"] = p.is_domain ? json::value(nullptr) : json::value(p.domain_id);
    out["description"] = p.description;
    out["enabled"] = p.enabled;
    out["parent_id"] = nullable(p.parent_id);
    out["is_domain"] = p.is_domain;
    out["tags"] = tags_of(p.tags);
    out["options"] = p.options;
    return out;
}

json::object domain_target(const Project& d) {
    json::object out = d.extra;
    out["id"] = d.id;
    out["name"] = d.name;
    out["description"] = d.description;
    out["enabled"] = d.enabled;
    out["tags"] = tags_of(d.tags);
    out["options"] = d.options;
    return out;
}

void apply_create_body(Project& p, const json::object& body) {
    if (auto* n = body.if_contains("name"); n && n->is_string()) {
        p.name = std::string(n->as_string());
    }
    if (auto* d = body.if_contains("description"); d && d->is_string()) {
        p.description = std::string(d->as_string());
    }
    if (auto* e = body.if_contains("enabled"); e && e->is_bool()) {
        p.enabled = e->as_bool();
    }
    if (auto* t = body.if_contains("tags"); t && t->is_array()) {
        for (const auto& tag : t->as_array()) {
            p.tags.emplace_back(tag.as_string());
        }
    }
    if (auto* o = body.if_contains("options"); o && o->is_object()) {
        for (const auto& [k, v] : o->as_object()) {
            if (!v.is_null()) {
                p.options[k] = v;
            }
        }
    }
    for (const auto& [k, v] : body) {
        auto key = normalized(std::string(k));
        if (!is_column(key)) {
            p.extra[key] = v;
        }
    }
}

}  // namespace onestack::identity::api
