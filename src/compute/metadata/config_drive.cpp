// The files of a config drive (base.py metadata_for_config_drive): EC2
// meta-data.json and user-data per version (less config_drive_skip_versions),
// then each OpenStack version's meta_data.json, user_data, vendor_data.json,
// network_data.json and vendor_data2.json.
#include <algorithm>
#include <boost/json.hpp>

#include "compute/metadata/instance_metadata.hpp"
#include "compute/metadata/python_json.hpp"
#include "compute/metadata/versions.hpp"

namespace onestack::compute::metadata {

std::map<std::string, std::string> InstanceMetadata::config_drive_files() const {
    std::map<std::string, std::string> files;
    const auto& skip = options_.config_drive_skip_versions;
    auto ec2 = ec2_versions();
    ec2.emplace_back(kLatest);
    for (const auto& version : ec2) {
        if (std::find(skip.begin(), skip.end(), version) != skip.end()) {
            continue;
        }
        auto data = ec2_metadata(version);
        if (user_data_) {
            files["ec2/" + version + "/user-data"] = *user_data_;
        }
        // Nova means to drop public-keys/0/_name here but looks for it one
        // level too high, so the file keeps it; so does ours.
        files["ec2/" + version + "/meta-data.json"] = python_json_dumps(data.at("meta-data"));
    }
    auto os = openstack_versions();
    os.emplace_back(kLatest);
    for (const auto& version : os) {
        const std::string dir = "openstack/" + version + "/";
        files[dir + "meta_data.json"] = meta_data_json(version);
        if (user_data_) {
            files[dir + "user_data"] = *user_data_;
        }
        if (openstack_at_least(version, kHavana)) {
            files[dir + "vendor_data.json"] = vendor_data_json();
        }
        if (openstack_at_least(version, kLiberty)) {
            files[dir + "network_data.json"] = network_data_json();
        }
        if (openstack_at_least(version, kNewtonTwo)) {
            files[dir + "vendor_data2.json"] = vendor_data2_json();
        }
    }
    return files;
}

}  // namespace onestack::compute::metadata
