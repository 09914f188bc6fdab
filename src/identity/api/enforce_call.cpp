#include "identity/api/enforce_call.hpp"

#include <boost/json.hpp>

#include "common/api/fault.hpp"
#include "common/policy/credentials.hpp"
#include "identity/identity.hpp"

namespace onestack::identity::api {

void enforce_call(Identity& identity, const onestack::http::Request& req, std::string_view rule,
                  const boost::json::object& target) {
    boost::json::object policy_dict;
    for (const auto& [name, value] : req.path_params) {
        policy_dict[name] = value;
    }
    policy_dict["target"] = target;
    if (!identity.policy().check(rule, policy_dict, policy::credentials_from(req.ctx))) {
        throw onestack::api::Fault::forbidden(
            "You are not authorized to perform the requested action: " + std::string(rule) + ".");
    }
}

boost::json::value raw_entity(const onestack::http::Request& req, std::string_view key) {
    // request_body_json is get_json(silent=True) or {}: a body that is not
    // JSON reads as empty, and schema validation reports what is missing.
    boost::system::error_code ec;
    auto body = boost::json::parse(req.body, ec);
    if (ec || !body.is_object()) {
        return boost::json::object{};
    }
    const auto* v = body.as_object().if_contains(key);
    return v ? *v : boost::json::value(boost::json::object{});
}

boost::json::object entity_body(const onestack::http::Request& req, std::string_view key,
                                const onestack::json::Schema& schema) {
    auto entity = raw_entity(req, key);
    if (auto err = schema.validate(entity)) {
        throw onestack::api::Fault::bad_request(onestack::json::keystone_message(*err));
    }
    return entity.as_object();
}

}  // namespace onestack::identity::api
