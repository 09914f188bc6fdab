// Domain-specific configuration stored in SQL: /v3/domains/{domain_id}/config
// [/{group}[/{option}]] and the defaults under /v3/domains/config/...
// (keystone/api/domains.py DomainConfig*Resource, DefaultConfig*Resource;
// the rules are DomainConfigManager's, in resource/domain_config_rules.hpp).
#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/api/resource_requests.hpp"
#include "identity/api/routes.hpp"
#include "identity/db/domain_config_store.hpp"
#include "identity/db/project_store.hpp"
#include "identity/identity.hpp"
#include "identity/resource/domain_config_rules.hpp"

namespace onestack::identity::api {
namespace {

namespace json = boost::json;
namespace rules = resource::domain_config;
using onestack::db::Conn;
using onestack::http::Verb;

std::vector<rules::Option> options_of(const std::vector<db::DomainConfigRow>& rows) {
    std::vector<rules::Option> out;
    for (const auto& r : rows) {
        out.push_back({r.group, r.option, r.value, r.sensitive});
    }
    return out;
}

std::vector<db::DomainConfigRow> rows_of(const std::vector<rules::Option>& options) {
    std::vector<db::DomainConfigRow> out;
    for (const auto& o : options) {
        out.push_back({o.group, o.option, o.value, o.sensitive});
    }
    return out;
}

// Python truthiness, which keystone's "not current_group.get(option)" uses.
bool truthy(const json::value& v) {
    switch (v.kind()) {
        case json::kind::null:
            return false;
        case json::kind::bool_:
            return v.as_bool();
        case json::kind::int64:
            return v.as_int64() != 0;
        case json::kind::uint64:
            return v.as_uint64() != 0;
        case json::kind::double_:
            return v.as_double() != 0;
        case json::kind::string:
            return !v.as_string().empty();
        case json::kind::array:
            return !v.as_array().empty();
        case json::kind::object:
            return !v.as_object().empty();
    }
    return true;
}

void require_domain(Conn& c, const std::string& domain_id) {
    if (!db::get_domain(c, domain_id)) {
        throw not_found("domain", domain_id);
    }
}

// get_config: whitelisted options only; sensitive ones are never shown.
json::object whitelisted_config(Conn& c, const std::string& domain_id, const std::string& group,
                                const std::string& option) {
    auto rows = db::list_domain_config(c, domain_id, group, option, false);
    if (rows.empty()) {
        throw rules::not_found(domain_id, group, option);
    }
    return rules::to_config(options_of(rows), option);
}

Response config_response(unsigned status, json::object config) {
    return json_response(status, {{"config", std::move(config)}});
}

Response get_config(Identity& identity, Request& req) {
    const auto& domain_id = req.param("domain_id");
    const auto& group = req.param("group");
    const auto& option = req.param("option");
    // keystone looks the domain up first but raises its absence only after
    // the config lookup, which fails first for a domain without options.
    bool domain_exists =
        identity.db().read([&](Conn& c) { return db::get_domain(c, domain_id).has_value(); });
    json::object config;
    if (group == "security_compliance") {
        authorize(identity, req, "identity:get_security_compliance_domain_config");
        config =
            rules::security_compliance(domain_id, identity.options().default_domain_id, option);
    } else {
        authorize(identity, req, "identity:get_domain_config");
        rules::assert_valid_group_and_option(group, option);
        config = identity.db().read(
            [&](Conn& c) { return whitelisted_config(c, domain_id, group, option); });
    }
    if (!domain_exists) {
        throw not_found("domain", domain_id);
    }
    return config_response(200, std::move(config));
}

Response create_config(Identity& identity, Request& req) {
    const auto& domain_id = req.param("domain_id");
    authorize(identity, req, "identity:create_domain_config");
    auto config = body_member(req, "config");
    unsigned status = 201;
    auto result = identity.db().write([&](Conn& c) {
        require_domain(c, domain_id);
        if (!db::list_domain_config(c, domain_id).empty()) {
            status = 200;  // replacing an existing configuration
        }
        rules::assert_valid_config(config);
        db::replace_domain_config(c, domain_id, rows_of(rules::to_options(config.as_object())));
        return rules::to_config(options_of(db::list_domain_config(c, domain_id, {}, {}, false)));
    });
    return config_response(status, std::move(result));
}

// update_config's _assert_valid_update: a group or option in the URL must be
// the only one in the body, and must already be configured.
void assert_valid_update(Conn& c, const std::string& domain_id, const json::value& config,
                         const std::string& group, const std::string& option) {
    rules::assert_valid_config(config);
    rules::assert_valid_group_and_option(group, option);
    if (group.empty()) {
        return;
    }
    const auto& groups = config.as_object();
    const auto* options = groups.if_contains(group);
    if (groups.size() != 1 || (!option.empty() && options && options->as_object().size() != 1)) {
        if (!option.empty()) {
            throw rules::invalid("Trying to update option " + option + " in group " + group +
                                 ", so that, and only that, option must be specified  in the "
                                 "config");
        }
        throw rules::invalid("Trying to update group " + group +
                             ", so that, and only that, group must be specified in the config");
    }
    if (!options) {
        throw rules::invalid("request to update group " + group +
                             ", but config provided contains group " +
                             std::string(groups.begin()->key()) + " instead");
    }
    if (!option.empty() && !options->as_object().contains(option)) {
        throw rules::invalid("Trying to update option " + option + " in group " + group +
                             ", but config provided contains option " +
                             std::string(options->as_object().begin()->key()) + " instead");
    }
    if (db::list_domain_config(c, domain_id, group, option).empty()) {
        throw rules::not_found(domain_id, group, option);
    }
}

Response update_config(Identity& identity, Request& req) {
    const auto& domain_id = req.param("domain_id");
    const auto& group = req.param("group");
    const auto& option = req.param("option");
    authorize(identity, req, "identity:update_domain_config");
    auto config = body_member(req, "config");
    // With an option in the URL the body holds just that option's value.
    json::value update = config;
    if (!group.empty() && !option.empty()) {
        update = json::object{{group, config}};
    }
    auto result = identity.db().write([&](Conn& c) {
        require_domain(c, domain_id);
        assert_valid_update(c, domain_id, update, group, option);
        db::upsert_domain_config(c, domain_id, rows_of(rules::to_options(update.as_object())));
        return whitelisted_config(c, domain_id, {}, {});
    });
    return config_response(200, std::move(result));
}

Response delete_config(Identity& identity, Request& req) {
    const auto& domain_id = req.param("domain_id");
    const auto& group = req.param("group");
    const auto& option = req.param("option");
    authorize(identity, req, "identity:delete_domain_config");
    identity.db().write([&](Conn& c) {
        require_domain(c, domain_id);
        rules::assert_valid_group_and_option(group, option);
        if (!group.empty()) {
            auto current = db::list_domain_config(c, domain_id, group);
            if (current.empty()) {
                throw rules::not_found(domain_id, group, {});
            }
            if (!option.empty()) {
                auto it = std::find_if(current.begin(), current.end(),
                                       [&](const auto& r) { return r.option == option; });
                if (it == current.end() || !truthy(it->value)) {
                    throw rules::not_found(domain_id, group, option);
                }
            }
        }
        db::delete_domain_config(c, domain_id, group, option);
    });
    return Response::empty(204);
}

Response get_default(Identity& identity, Request& req) {
    authorize(identity, req, "identity:get_domain_config_default");
    return config_response(200, rules::defaults(req.param("group"), req.param("option")));
}

}  // namespace

void add_domain_config_routes(Identity& identity, Router& r) {
    auto bind = [&identity](Response (*fn)(Identity&, Request&)) {
        return [&identity, fn](Request& req) { return fn(identity, req); };
    };
    for (const char* path :
         {"/v3/domains/{domain_id}/config", "/v3/domains/{domain_id}/config/{group}",
          "/v3/domains/{domain_id}/config/{group}/{option}"}) {
        r.add(Verb::get, path, bind(get_config));
        r.add(Verb::patch, path, bind(update_config));
        r.add(Verb::delete_, path, bind(delete_config));
    }
    r.add(Verb::put, "/v3/domains/{domain_id}/config", bind(create_config));
    r.add(Verb::get, "/v3/domains/config/default", bind(get_default));
    r.add(Verb::get, "/v3/domains/config/{group}/default", bind(get_default));
    r.add(Verb::get, "/v3/domains/config/{group}/{option}/default", bind(get_default));
}

}  // namespace onestack::identity::api
