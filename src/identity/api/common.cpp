#include "identity/api/common.hpp"

#include <algorithm>

#include "common/policy/credentials.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {

bool allowed(Identity& identity, const Request& req, std::string_view rule,
             const boost::json::object& target) {
    boost::json::object wrapped{{"target", target}};
    return identity.policy().check(rule, wrapped, policy::credentials_from(req.ctx));
}

void authorize(Identity& identity, const Request& req, std::string_view rule,
               const boost::json::object& target) {
    if (!allowed(identity, req, rule, target)) {
        throw Fault::forbidden(
            "You are not authorized to perform the requested action: " + std::string(rule) + ".");
    }
}

boost::json::object validated_body(const Request& req, const onestack::json::Schema& schema) {
    auto body = req.json();
    if (auto err = schema.validate(body)) {
        throw Fault::bad_request(onestack::json::keystone_message(*err));
    }
    if (!body.is_object()) {
        throw Fault::bad_request("The request body must be a JSON object.");
    }
    return body.as_object();
}

boost::json::object member(const boost::json::object& body, std::string_view key) {
    auto it = body.find(key);
    if (it == body.end() || !it->value().is_object()) {
        return {};
    }
    return it->value().as_object();
}

std::string url(const Request& req, std::string_view path) {
    return req.base_url() + std::string(path);
}

boost::json::object collection_links(const Request& req) {
    return {{"self", req.base_url() + req.path}, {"previous", nullptr}, {"next", nullptr}};
}

boost::json::object self_links(const Request& req, std::string_view path) {
    return {{"self", url(req, path)}};
}

std::optional<std::string> query(const Request& req, std::string_view name) {
    return req.query().get(name);
}

std::optional<bool> query_bool(const Request& req, std::string_view name) {
    auto v = req.query().get(name);
    if (!v) {
        return std::nullopt;
    }
    std::string lower = *v;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    return !(lower == "0" || lower == "false");
}

Fault not_found(std::string_view kind, std::string_view id) {
    return Fault::not_found("Could not find " + std::string(kind) + ": " + std::string(id) + ".");
}

Fault conflict(std::string_view kind, std::string_view details) {
    return Fault::conflict("Conflict occurred attempting to store " + std::string(kind) + " - " +
                           std::string(details) + ".");
}

Fault validation_error(std::string_view message) {
    return Fault::bad_request(std::string(message));
}

Response json_response(unsigned status, boost::json::object body) {
    return Response::json(status, body);
}

std::string str_or_empty(const boost::json::object& obj, std::string_view key) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->value().is_string()) {
        return {};
    }
    return std::string(it->value().as_string());
}

boost::json::object extra_attributes(const boost::json::object& obj,
                                     std::initializer_list<std::string_view> known) {
    boost::json::object extra;
    for (const auto& [k, v] : obj) {
        if (std::find(known.begin(), known.end(), std::string_view(k)) == known.end()) {
            extra[k] = v;
        }
    }
    return extra;
}

}  // namespace onestack::identity::api
