#pragma once
// The compute API's options: [compute_api] (listener, policy, token
// validation, paging, the image service) and Nova's [quota] defaults.
#include <string>

#include "common/config/config.hpp"

namespace onestack::compute::api {

inline constexpr const char* kSection = "compute_api";

struct QuotaDefaults {
    // nova/conf/quota.py defaults; -1 is unlimited.
    int instances = 10;
    int cores = 20;
    int ram = 51200;
    int metadata_items = 128;
    int key_pairs = 100;
    int server_groups = 10;
    int server_group_members = 10;
    int injected_files = 5;
    int injected_file_content_bytes = 10240;
    int injected_file_path_length = 255;
};

struct ApiOptions {
    std::string policy_file;
    std::size_t max_limit = 1000;  // [api] max_limit
    // Where the image service answers (imageRef checks, createImage); empty:
    // from the caller's service catalog is not available here, so required.
    std::string image_url = "http://127.0.0.1:9292";
    std::string default_availability_zone = "nova";
    int service_down_time = 60;  // seconds without a heartbeat before a service is "down"
    // [compute] task_deadline: how long a task the API starts (a build, an
    // action, a delete) may take before the reconciler settles it.
    int task_deadline = 600;
    QuotaDefaults quota;
};

void register_options(config::Registry& registry);
ApiOptions options_from(const config::Config& conf);

}  // namespace onestack::compute::api
