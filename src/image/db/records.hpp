#pragma once
// Rows of the image service's tables as the rest of the service sees them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onestack::image {

struct LocationRecord {
    std::int64_t id = 0;
    std::string store;
    std::string url;
    std::string status = "active";
};

struct ImageRecord {
    std::string id;
    std::optional<std::string> name;
    std::string status = "queued";
    std::string visibility = "shared";
    std::optional<std::int64_t> size;
    std::optional<std::int64_t> virtual_size;
    std::optional<std::string> checksum;
    std::optional<std::string> os_hash_algo;
    std::optional<std::string> os_hash_value;
    std::int64_t min_disk = 0;
    std::int64_t min_ram = 0;
    std::optional<std::string> owner;
    bool is_protected = false;
    bool os_hidden = false;
    std::optional<std::string> disk_format;
    std::optional<std::string> container_format;
    std::int64_t created_at = 0;  // unix microseconds
    std::int64_t updated_at = 0;
    std::map<std::string, std::string> properties;
    std::vector<std::string> tags;
    std::vector<LocationRecord> locations;
};

struct MemberRecord {
    std::string image_id;
    std::string member;
    std::string status = "pending";
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct TaskRecord {
    std::string id;
    std::string type = "api_image_import";
    std::string status = "pending";
    std::optional<std::string> owner;
    std::string input;                  // JSON text
    std::optional<std::string> result;  // JSON text
    std::string message;
    std::optional<std::string> image_id;
    std::optional<std::string> request_id;
    std::optional<std::string> user_id;
    std::optional<std::int64_t> expires_at;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

}  // namespace onestack::image
