#include "identity/resource/domain_config_rules.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace onestack::identity::resource::domain_config {
namespace {

namespace json = boost::json;

// DomainConfigManager.whitelisted_options, each with the value keystone Zed
// reports as its default (GET /v3/domains/config/default), in keystone's order.
const json::object& whitelisted_defaults() {
    static const json::object defaults = json::parse(R"({
        "identity": {"driver": "sql", "list_limit": null},
        "ldap": {
            "url": "ldap://localhost", "user": null, "suffix": "cn=example,cn=com",
            "query_scope": "one", "page_size": 0, "alias_dereferencing": "default",
            "debug_level": null, "chase_referrals": null, "user_tree_dn": null,
            "user_filter": null, "user_objectclass": "inetOrgPerson",
            "user_id_attribute": "cn", "user_name_attribute": "sn",
            "user_mail_attribute": "mail", "user_description_attribute": "description",
            "user_pass_attribute": "userPassword", "user_enabled_attribute": "enabled",
            "user_enabled_invert": false, "user_enabled_mask": 0,
            "user_enabled_default": "True", "user_attribute_ignore": ["default_project_id"],
            "user_default_project_id_attribute": null, "user_enabled_emulation": false,
            "user_enabled_emulation_dn": null,
            "user_enabled_emulation_use_group_config": false,
            "user_additional_attribute_mapping": [], "group_tree_dn": null,
            "group_filter": null, "group_objectclass": "groupOfNames",
            "group_id_attribute": "cn", "group_name_attribute": "ou",
            "group_members_are_ids": false, "group_member_attribute": "member",
            "group_desc_attribute": "description", "group_attribute_ignore": [],
            "group_additional_attribute_mapping": [], "tls_cacertfile": null,
            "tls_cacertdir": null, "use_tls": false, "tls_req_cert": "demand",
            "use_pool": true, "pool_size": 10, "pool_retry_max": 3, "pool_retry_delay": 0.1,
            "pool_connection_timeout": -1, "pool_connection_lifetime": 600,
            "use_auth_pool": true, "auth_pool_size": 100, "auth_pool_connection_lifetime": 60
        }
    })")
                                             .as_object();
    return defaults;
}

// DomainConfigManager.sensitive_options.
bool sensitive_option(const std::string& group, const std::string& option) {
    return group == "ldap" && option == "password";
}

bool group_supported(const std::string& group) {
    return whitelisted_defaults().contains(group);
}

}  // namespace

onestack::api::Fault invalid(const std::string& reason) {
    return onestack::api::Fault::forbidden("Invalid domain specific configuration: " + reason +
                                           ".");
}

onestack::api::Fault not_found(const std::string& domain_id, const std::string& group,
                               const std::string& option) {
    std::string what = !option.empty()  ? "option " + option + " in group " + group
                       : !group.empty() ? "group " + group
                                        : "any options";
    return onestack::api::Fault::not_found(
        "Could not find " + what + " in domain configuration for domain " + domain_id + ".");
}

bool is_sensitive(const std::string& group, const std::string& option) {
    return sensitive_option(group, option);
}

bool is_whitelisted(const std::string& group, const std::string& option) {
    const auto* g = whitelisted_defaults().if_contains(group);
    return g && g->as_object().contains(option);
}

void assert_valid_group_and_option(const std::string& group, const std::string& option) {
    if (group.empty()) {
        return;
    }
    if (!group_supported(group)) {
        throw invalid("Group " + group + " is not supported for domain specific configurations");
    }
    if (!option.empty() && !is_whitelisted(group, option) && !is_sensitive(group, option)) {
        throw invalid("Option " + option + " in group " + group +
                      " is not supported for domain specific configurations");
    }
}

void assert_valid_config(const json::value& config) {
    if (!config.is_object() || config.as_object().empty()) {
        throw invalid("No options specified");
    }
    for (const auto& [group, options] : config.as_object()) {
        std::string g(group);
        if (!options.is_object() || options.as_object().empty()) {
            throw invalid("The value of group " + g +
                          " specified in the config should be a dictionary of options");
        }
        for (const auto& entry : options.as_object()) {
            assert_valid_group_and_option(g, std::string(entry.key()));
        }
    }
}

std::vector<Option> to_options(const json::object& config) {
    std::vector<Option> out;
    for (const auto& [group, options] : config) {
        for (const auto& [option, value] : options.as_object()) {
            std::string g(group), o(option);
            out.push_back({g, o, value, is_sensitive(g, o)});
        }
    }
    return out;
}

json::object to_config(const std::vector<Option>& options, const std::string& requested_option) {
    if (!requested_option.empty()) {
        for (const auto& o : options) {
            if (o.option == requested_option) {
                return {{o.option, o.value}};
            }
        }
        return {};
    }
    json::object config;
    for (const auto& o : options) {
        auto& group = config[o.group];
        if (!group.is_object()) {
            group = json::object();
        }
        group.as_object()[o.option] = o.value;
    }
    return config;
}

json::object defaults(const std::string& group, const std::string& option) {
    assert_valid_group_and_option(group, option);
    const auto& all = whitelisted_defaults();
    if (group.empty()) {
        return all;
    }
    const auto& options = all.at(group).as_object();
    if (option.empty()) {
        return {{group, options}};
    }
    if (!options.contains(option)) {
        throw invalid("Reading the default for option " + option + " in group " + group +
                      " is not supported");
    }
    return {{option, options.at(option)}};
}

json::object security_compliance(const std::string& domain_id, const std::string& default_domain_id,
                                 const std::string& option) {
    if (domain_id != default_domain_id) {
        throw invalid(
            "Reading security compliance information for any domain other than the default "
            "domain is not allowed or supported.");
    }
    // [security_compliance] password_regex and its description default to None.
    static const std::vector<std::string> kReadable = {"password_regex",
                                                       "password_regex_description"};
    if (option.empty()) {
        json::object values;
        for (const auto& o : kReadable) {
            values[o] = nullptr;
        }
        return {{"security_compliance", std::move(values)}};
    }
    if (std::find(kReadable.begin(), kReadable.end(), option) == kReadable.end()) {
        throw invalid(
            "Reading security compliance values other than password_regex and "
            "password_regex_description is not allowed.");
    }
    return {{option, nullptr}};
}

}  // namespace onestack::identity::resource::domain_config
