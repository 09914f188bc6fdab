// The OpenStack format of InstanceMetadata (base.py _metadata_as_json,
// _handle_version, _vendor_data, _vendor_data2, _network_data).
#include <boost/json.hpp>

#include "common/util/ids.hpp"
#include "compute/api/base64.hpp"
#include "compute/metadata/instance_metadata.hpp"
#include "compute/metadata/python_json.hpp"
#include "compute/metadata/versions.hpp"

namespace onestack::compute::metadata {

namespace json = boost::json;

InstanceMetadata::InstanceMetadata(MetadataSource source, DocumentOptions options)
    : source_(std::move(source)), options_(std::move(options)) {
    // The API keeps user_data as the base64 it received; guests get the bytes.
    if (!source_.instance.user_data.empty()) {
        user_data_ = compute::api::base64_decode(source_.instance.user_data);
    }
}

std::string InstanceMetadata::hostname() const {
    if (options_.dhcp_domain.empty()) {
        return source_.instance.hostname;
    }
    return source_.instance.hostname + "." + options_.dhcp_domain;
}

std::string InstanceMetadata::meta_data_json(std::string_view version) const {
    const Instance& i = source_.instance;
    json::object md{{"uuid", i.uuid}};
    if (!source_.meta.empty()) {
        json::object meta;
        for (const auto& [k, v] : source_.meta) {
            meta[k] = v;
        }
        md["meta"] = std::move(meta);
    }
    // extra_md: the admin password, on config drives only.
    if (!source_.admin_pass.empty()) {
        md["admin_pass"] = source_.admin_pass;
    }
    if (!i.key_name.empty() && source_.keypair) {
        const auto& kp = *source_.keypair;
        md["public_keys"] = json::object{{kp.name, kp.public_key}};
        md["keys"] = json::array{
            json::object{{"name", kp.name}, {"type", kp.type}, {"data", kp.public_key}}};
    }
    md["hostname"] = hostname();
    md["name"] = i.display_name;
    md["launch_index"] = i.launch_index;
    auto az = i.availability_zone;
    if (az.empty() && !i.host.empty()) {
        az = options_.default_availability_zone;
    }
    md["availability_zone"] = az.empty() ? json::value(nullptr) : json::value(az);
    if (openstack_at_least(version, kGrizzly)) {
        md["random_seed"] = compute::api::base64_encode(util::random_bytes(512));
    }
    if (openstack_at_least(version, kLiberty)) {
        md["project_id"] = i.project_id;
    }
    if (openstack_at_least(version, kNewtonOne)) {
        md["devices"] = json::array{};  // tagged devices, once there are any
    }
    if (openstack_at_least(version, kVictoria)) {
        md["dedicated_cpus"] = json::array{};  // no CPU pinning
    }
    return python_json_dumps(md);
}

std::vector<std::string> InstanceMetadata::version_listing(std::string_view version) const {
    std::vector<std::string> out{"meta_data.json"};
    if (user_data_) {
        out.emplace_back("user_data");
    }
    if (openstack_at_least(version, kGrizzly)) {
        out.emplace_back("password");
    }
    if (openstack_at_least(version, kHavana)) {
        out.emplace_back("vendor_data.json");
    }
    if (openstack_at_least(version, kLiberty)) {
        out.emplace_back("network_data.json");
    }
    if (openstack_at_least(version, kNewtonTwo)) {
        out.emplace_back("vendor_data2.json");
    }
    return out;
}

// The StaticJSON provider (nova's default vendordata_providers).
std::string InstanceMetadata::vendor_data_json() const {
    return python_json_dumps(options_.vendordata);
}

std::string InstanceMetadata::vendor_data2_json() const {
    return python_json_dumps(json::object{{"static", options_.vendordata}});
}

std::string InstanceMetadata::network_data_json() const {
    if (!source_.network_data) {
        return "{}";
    }
    return python_json_dumps(*source_.network_data);
}

}  // namespace onestack::compute::metadata
