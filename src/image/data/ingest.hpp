#pragma once
// Moves one image's bytes from a source into a store writer through a fixed
// buffer, counting, hashing and inspecting them on the way, and stopping as
// soon as a size limit is passed.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "image/store/store.hpp"

namespace onestack::image::data {

// The data passed `limit` bytes. Which limit tells the caller what to say.
struct SizeLimitExceeded : std::runtime_error {
    enum class Kind { size_cap, storage_quota };
    SizeLimitExceeded(Kind k, std::uint64_t limit)
        : std::runtime_error("image data exceeds its limit"), kind(k), limit(limit) {}
    Kind kind;
    std::uint64_t limit;
};

struct IngestLimits {
    std::uint64_t size_cap = UINT64_MAX;
    std::optional<std::uint64_t> quota_remaining;  // bytes the owner may still store
};

struct IngestResult {
    std::uint64_t size = 0;
    std::string checksum;       // md5 hex
    std::string os_hash_value;  // sha512 hex
    std::optional<std::int64_t> virtual_size;
};

// source(buf, n) returns 0 at the end. disk_format drives virtual_size;
// inspect is false when the container is not "bare" (upstream inspects bare only).
IngestResult ingest(const std::function<std::size_t(char*, std::size_t)>& source,
                    store::StoreWriter& sink, const IngestLimits& limits,
                    const std::string& disk_format, bool inspect);

}  // namespace onestack::image::data
