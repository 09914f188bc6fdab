#pragma once
// The metadata versions Nova Zed serves (nova/api/metadata/base.py VERSIONS
// and OPENSTACK_VERSIONS); "latest" is the last of each list.
#include <string>
#include <string_view>
#include <vector>

namespace onestack::compute::metadata {

inline constexpr std::string_view kLatest = "latest";

// OpenStack format versions by release.
inline constexpr std::string_view kFolsom = "2012-08-10";
inline constexpr std::string_view kGrizzly = "2013-04-04";    // random_seed, password
inline constexpr std::string_view kHavana = "2013-10-17";     // vendor_data.json
inline constexpr std::string_view kLiberty = "2015-10-15";    // project_id, network_data.json
inline constexpr std::string_view kNewtonOne = "2016-06-30";  // devices
inline constexpr std::string_view kNewtonTwo = "2016-10-06";  // vendor_data2.json
inline constexpr std::string_view kOcata = "2017-02-22";
inline constexpr std::string_view kRocky = "2018-08-27";
inline constexpr std::string_view kVictoria = "2020-10-14";  // dedicated_cpus

const std::vector<std::string>& ec2_versions();
const std::vector<std::string>& openstack_versions();

// Position of a version in its list ("latest" is the last one); -1 when unknown.
int ec2_version_index(std::string_view version);
int openstack_version_index(std::string_view version);

// requested (a known version or "latest") is at least required.
bool ec2_at_least(std::string_view requested, std::string_view required);
bool openstack_at_least(std::string_view requested, std::string_view required);

}  // namespace onestack::compute::metadata
