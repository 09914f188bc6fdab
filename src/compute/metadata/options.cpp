#include "compute/metadata/options.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "common/runtime/common_options.hpp"

namespace onestack::compute::metadata {

using config::OptionDef;
using config::Type;

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : sep) + s;
    }
    return out;
}

std::vector<std::string> split_spaces(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) {
        out.push_back(w);
    }
    return out;
}

}  // namespace

void register_options(config::Registry& r) {
    const DocumentOptions d;
    // Guests POST a password of at most 4 x 255 bytes; anything else is small.
    runtime::register_listen_options(r, kSection, kDefaultPort, 64 * 1024);
    r.add(std::vector<OptionDef>{
        {.section = kSection,
         .name = "enabled",
         .type = Type::Bool,
         .default_value = "true",
         .help = "Run the metadata service (nova-api-metadata) in the all-in-one."},
        {.section = kSection,
         .name = "metadata_proxy_shared_secret",
         .type = Type::Secret,
         .default_value = "",
         .help = "Secret shared with the metadata proxy: a request names its instance with "
                 "X-Instance-ID and proves it with X-Instance-ID-Signature, the hex "
                 "HMAC-SHA256 of the id under this secret (nova's [neutron] option)."},
        {.section = kSection,
         .name = "service_metadata_proxy",
         .type = Type::Bool,
         .default_value = "true",
         .help = "Requests come through a metadata proxy that names the instance in "
                 "X-Instance-ID headers; false: the instance is found by the caller's fixed IP "
                 "(nova's [neutron] option; needs networking)."},
        {.section = kSection,
         .name = "use_forwarded_for",
         .type = Type::Bool,
         .default_value = "false",
         .help = "Without the proxy, take the caller's address from X-Forwarded-For (nova's "
                 "[api] option)."},
        {.section = kSection,
         .name = "dhcp_domain",
         .type = Type::String,
         .default_value = d.dhcp_domain,
         .help = "Domain appended to an instance's hostname in its metadata (nova's [api] "
                 "dhcp_domain); empty: the bare hostname."},
        {.section = kSection,
         .name = "vendordata_jsonfile_path",
         .type = Type::String,
         .default_value = "",
         .help = "JSON file served as vendor_data.json and as vendor_data2.json's \"static\" "
                 "(nova's StaticJSON vendordata provider)."},
        {.section = kSection,
         .name = "config_drive_skip_versions",
         .type = Type::String,
         .default_value = join(d.config_drive_skip_versions, " "),
         .help = "Space separated EC2 metadata versions left off config drives."},
    });
}

DocumentOptions document_options_from(const config::Config& c) {
    DocumentOptions d;
    d.dhcp_domain = c.get_string(kSection, "dhcp_domain");
    d.config_drive_skip_versions =
        split_spaces(c.get_string(kSection, "config_drive_skip_versions"));
    d.default_availability_zone = c.get_string("compute_api", "default_availability_zone");
    auto path = c.get_string(kSection, "vendordata_jsonfile_path");
    if (!path.empty()) {
        std::ifstream in(path);
        if (!in) {
            throw config::ConfigError("vendordata_jsonfile_path: cannot read " + path);
        }
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code ec;
        auto v = boost::json::parse(text.str(), ec);
        if (ec || !v.is_object()) {
            throw config::ConfigError("vendordata_jsonfile_path: " + path +
                                      " is not a JSON object");
        }
        d.vendordata = v.as_object();
    }
    return d;
}

ServiceOptions service_options_from(const config::Config& c) {
    ServiceOptions s;
    s.enabled = c.get_bool(kSection, "enabled");
    s.shared_secret = c.get_string(kSection, "metadata_proxy_shared_secret");
    s.service_metadata_proxy = c.get_bool(kSection, "service_metadata_proxy");
    s.use_forwarded_for = c.get_bool(kSection, "use_forwarded_for");
    s.documents = document_options_from(c);
    return s;
}

}  // namespace onestack::compute::metadata
