#pragma once
// What the image service reads from its configuration, already typed.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace onestack::image {

struct StoreConfig {
    std::string id;       // "file", "fast", ... as in [glance] enabled_backends
    std::string type;     // "file" (the only driver so far)
    std::string datadir;  // where a filesystem store keeps its files
    std::string description;
};

struct ImageOptions {
    std::string policy_file;
    // glance-api.conf [DEFAULT] image_size_cap: 1 TiB.
    std::uint64_t image_size_cap = 1099511627776ULL;
    // [DEFAULT] user_storage_quota: total bytes a project may store; 0 = unlimited.
    std::uint64_t user_storage_quota = 0;
    // Images a project may own; -1 = unlimited (keystone limit image_count_total).
    std::int64_t image_count_quota = -1;
    std::int64_t image_property_quota = 128;
    std::int64_t image_tag_quota = 128;
    std::int64_t image_member_quota = 128;
    std::size_t limit_param_default = 25;
    std::size_t api_limit_max = 1000;
    std::vector<std::string> enabled_import_methods{"glance-direct", "copy-image"};
    std::vector<StoreConfig> stores;  // the first is not necessarily the default
    std::string default_backend = "file";
    std::string staging_dir;
    bool show_multiple_locations = false;
    bool show_image_direct_url = false;
    int task_time_to_live_hours = 48;
    std::vector<std::string> disk_formats{"ami", "ari",   "aki", "vhd", "vhdx", "vmdk",
                                          "raw", "qcow2", "vdi", "iso", "ploop"};
    std::vector<std::string> container_formats{"ami", "ari", "aki",    "bare",
                                               "ovf", "ova", "docker", "compressed"};
};

}  // namespace onestack::image
