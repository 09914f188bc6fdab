#pragma once
// The standard resource class and trait names placement knows without being
// told (os-resource-classes and os-traits), as committed data.
#include <string_view>
#include <vector>

namespace onestack::placement::data {

const std::vector<std::string_view>& standard_resource_classes();
const std::vector<std::string_view>& standard_traits();

}  // namespace onestack::placement::data
