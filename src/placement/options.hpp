#pragma once
// Placement's configuration options and how they become PlacementOptions.
#include "common/config/config.hpp"
#include "placement/placement.hpp"

namespace onestack::placement {

inline constexpr const char* kSection = "placement";

void register_options(config::Registry& registry);
PlacementOptions options_from(const config::Config& conf);
std::string database_url(const config::Config& conf);

}  // namespace onestack::placement
