#include "identity/api/versions.hpp"

#include <boost/json.hpp>

namespace onestack::identity::api {

// Keystone Zed: keystone/api/discovery.py, "v3.14" since Ussuri.
boost::json::object v3_version(const std::string& base_url) {
    return {
        {"id", "v3.14"},
        {"status", "stable"},
        {"updated", "2020-04-07T00:00:00Z"},
        {"links", boost::json::array{{{"rel", "self"}, {"href", base_url + "/v3/"}}}},
        {"media-types",
         boost::json::array{{{"base", "application/json"},
                             {"type", "application/vnd.openstack.identity-v3+json"}}}},
    };
}

}  // namespace onestack::identity::api
