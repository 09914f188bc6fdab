#include "compute/api/views.hpp"

#include "compute/api/common.hpp"

namespace onestack::compute::api {

boost::json::array resource_links(const http::Request& req, const std::string& collection,
                                  const std::string& id, const boost::json::storage_ptr& sp) {
    auto base = req.base_url();
    return boost::json::array({{{"rel", "self"}, {"href", base + "/v2.1/" + collection + "/" + id}},
                               {{"rel", "bookmark"}, {"href", base + "/" + collection + "/" + id}}},
                              sp);
}

boost::json::object flavor_view(const http::Request& req, const Flavor& f, bool detail,
                                bool show_extra_specs) {
    boost::json::object o{{"id", f.flavorid}, {"name", f.name}};
    if (detail) {
        o["ram"] = f.memory_mb;
        o["disk"] = f.root_gb;
        // mv 2.75: swap is 0 rather than "" when unset.
        if (f.swap == 0 && !at_least(req, 2, 75)) {
            o["swap"] = "";
        } else {
            o["swap"] = f.swap;
        }
        o["OS-FLV-EXT-DATA:ephemeral"] = f.ephemeral_gb;
        o["OS-FLV-DISABLED:disabled"] = f.disabled;
        o["vcpus"] = f.vcpus;
        o["os-flavor-access:is_public"] = f.is_public;
        o["rxtx_factor"] = f.rxtx_factor;
    }
    o["links"] = resource_links(req, "flavors", f.flavorid);
    // mv 2.55: description; 2.61: extra_specs in the detailed view.
    if (at_least(req, 2, 55)) {
        o["description"] =
            f.description.empty() ? boost::json::value(nullptr) : boost::json::value(f.description);
    }
    if (detail && show_extra_specs && at_least(req, 2, 61)) {
        o["extra_specs"] = f.extra_specs;
    }
    return o;
}

}  // namespace onestack::compute::api
