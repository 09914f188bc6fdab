#pragma once
// The metadata service's options ([metadata]): its listener, whether the
// all-in-one runs it, the secret the metadata proxy signs instance ids with,
// and what the documents say (Nova's [api] dhcp_domain, vendordata file and
// config_drive_skip_versions, kept here under the same names).
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "common/config/config.hpp"

namespace onestack::compute::metadata {

inline constexpr const char* kSection = "metadata";
inline constexpr int kDefaultPort = 8775;

// What the document builder needs (also used by the compute agent for
// config drives).
struct DocumentOptions {
    std::string dhcp_domain = "novalocal";  // hostname = <hostname>.<dhcp_domain>
    // The StaticJSON vendordata provider's document (vendordata_jsonfile_path).
    boost::json::object vendordata;
    // A scheduled server without a zone of its own is in this one.
    std::string default_availability_zone = "nova";
    // EC2 versions left off config drives.
    std::vector<std::string> config_drive_skip_versions{"1.0",        "2007-01-19", "2007-03-01",
                                                        "2007-08-29", "2007-10-10", "2007-12-15",
                                                        "2008-02-01", "2008-09-01"};
};

struct ServiceOptions {
    bool enabled = true;
    std::string shared_secret;  // metadata_proxy_shared_secret
    // Instances are named by the proxy's X-Instance-ID headers (nova's
    // [neutron] service_metadata_proxy); otherwise by the caller's address.
    bool service_metadata_proxy = true;
    bool use_forwarded_for = false;
    DocumentOptions documents;
};

void register_options(config::Registry& registry);
// Throws config::ConfigError when the vendordata file cannot be read as JSON.
DocumentOptions document_options_from(const config::Config& conf);
ServiceOptions service_options_from(const config::Config& conf);

}  // namespace onestack::compute::metadata
