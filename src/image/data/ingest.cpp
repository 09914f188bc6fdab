#include "image/data/ingest.hpp"

#include <memory>

#include "image/data/data_digest.hpp"
#include "image/data/format_inspector.hpp"

namespace onestack::image::data {
namespace {
constexpr std::size_t kBuffer = 1024 * 1024;
}

IngestResult ingest(const std::function<std::size_t(char*, std::size_t)>& source,
                    store::StoreWriter& sink, const IngestLimits& limits,
                    const std::string& disk_format, bool inspect) {
    auto buffer = std::make_unique<char[]>(kBuffer);
    DataDigest digest;
    FormatInspector inspector(disk_format);
    IngestResult result;
    for (;;) {
        std::size_t n = source(buffer.get(), kBuffer);
        if (n == 0) {
            break;
        }
        result.size += n;
        if (result.size > limits.size_cap) {
            throw SizeLimitExceeded(SizeLimitExceeded::Kind::size_cap, limits.size_cap);
        }
        if (limits.quota_remaining && result.size > *limits.quota_remaining) {
            throw SizeLimitExceeded(SizeLimitExceeded::Kind::storage_quota,
                                    *limits.quota_remaining);
        }
        digest.update(buffer.get(), n);
        if (inspect) {
            inspector.feed(buffer.get(), n);
        }
        sink.write(buffer.get(), n);
    }
    digest.finish(result.checksum, result.os_hash_value);
    if (inspect) {
        result.virtual_size = inspector.virtual_size();
    }
    return result;
}

}  // namespace onestack::image::data
