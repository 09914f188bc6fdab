#pragma once
// Domain-specific configuration as keystone's DomainConfigManager
// (keystone/resource/core.py) allows it: only the identity and ldap groups,
// only whitelisted options (shown) and sensitive ones (stored, never shown),
// with its 403 "Invalid domain specific configuration" and 404 messages.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/api/fault.hpp"

namespace onestack::identity::resource::domain_config {

struct Option {
    std::string group;
    std::string option;
    boost::json::value value;
    bool sensitive = false;
};

// exception.InvalidDomainConfig: 403 "Invalid domain specific configuration: <reason>."
onestack::api::Fault invalid(const std::string& reason);
// exception.DomainConfigNotFound: 404 naming "group G", "option O in group G"
// or "any options".
onestack::api::Fault not_found(const std::string& domain_id, const std::string& group,
                               const std::string& option);

bool is_sensitive(const std::string& group, const std::string& option);
bool is_whitelisted(const std::string& group, const std::string& option);

// _assert_valid_group_and_option: "" means unspecified.
void assert_valid_group_and_option(const std::string& group, const std::string& option);
// _assert_valid_config: a non-empty {group: {option: value}} of supported options.
void assert_valid_config(const boost::json::value& config);

// _config_to_list: every option of a (validated) config, marked sensitive or not.
std::vector<Option> to_options(const boost::json::object& config);
// _list_to_config: {group: {option: value}}, or {option: value} when one
// option was asked for.
boost::json::object to_config(const std::vector<Option>& options,
                              const std::string& requested_option = {});

// get_config_default: keystone's own defaults of the whitelisted options.
boost::json::object defaults(const std::string& group = {}, const std::string& option = {});

// get_security_compliance_config: readable only for the default domain and
// only password_regex / password_regex_description. Values are keystone's
// defaults ([security_compliance] is not configurable here).
boost::json::object security_compliance(const std::string& domain_id,
                                        const std::string& default_domain_id,
                                        const std::string& option);

}  // namespace onestack::identity::resource::domain_config
