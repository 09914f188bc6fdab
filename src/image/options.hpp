#pragma once
// Image's configuration options and how they become ImageOptions.
#include <string>

#include "common/config/config.hpp"
#include "image/image_options.hpp"

namespace onestack::image {

inline constexpr const char* kSection = "image";

void register_options(config::Registry& registry);
ImageOptions options_from(const config::Config& conf);
std::string database_url(const config::Config& conf);

}  // namespace onestack::image
