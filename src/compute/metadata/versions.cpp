#include "compute/metadata/versions.hpp"

#include <algorithm>

namespace onestack::compute::metadata {
namespace {

int index_in(const std::vector<std::string>& list, std::string_view version) {
    if (version == kLatest) {
        return static_cast<int>(list.size()) - 1;
    }
    auto it = std::find(list.begin(), list.end(), version);
    return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

}  // namespace

const std::vector<std::string>& ec2_versions() {
    static const std::vector<std::string> v{
        "1.0",        "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10",
        "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04",
    };
    return v;
}

const std::vector<std::string>& openstack_versions() {
    static const std::vector<std::string> v{
        std::string(kFolsom),  std::string(kGrizzly),   std::string(kHavana),
        std::string(kLiberty), std::string(kNewtonOne), std::string(kNewtonTwo),
        std::string(kOcata),   std::string(kRocky),     std::string(kVictoria),
    };
    return v;
}

int ec2_version_index(std::string_view version) {
    return index_in(ec2_versions(), version);
}

int openstack_version_index(std::string_view version) {
    return index_in(openstack_versions(), version);
}

bool ec2_at_least(std::string_view requested, std::string_view required) {
    return ec2_version_index(requested) >= ec2_version_index(required);
}

bool openstack_at_least(std::string_view requested, std::string_view required) {
    return openstack_version_index(requested) >= openstack_version_index(required);
}

}  // namespace onestack::compute::metadata
