#include "image/data/format_inspector.hpp"

namespace onestack::image::data {
namespace {

constexpr std::size_t kHeaderBytes = 512;

std::uint64_t big_endian(const std::string& s, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
        v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    }
    return v;
}

std::uint64_t little_endian(const std::string& s, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) {
        v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    }
    return v;
}

}  // namespace

FormatInspector::FormatInspector(std::string disk_format) : format_(std::move(disk_format)) {}

void FormatInspector::feed(const char* data, std::size_t n) {
    if (header_.size() < kHeaderBytes) {
        header_.append(data, std::min(n, kHeaderBytes - header_.size()));
    }
    total_ += n;
}

std::optional<std::int64_t> FormatInspector::virtual_size() const {
    auto positive = [](std::uint64_t v) -> std::optional<std::int64_t> {
        if (v == 0 || v > static_cast<std::uint64_t>(INT64_MAX)) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(v);
    };
    if (format_ == "raw") {
        return static_cast<std::int64_t>(total_);
    }
    if (format_ == "qcow2") {
        // QcowInspector: magic "QFI\xfb", size as big-endian u64 at offset 24.
        if (header_.size() >= 32 && header_.compare(0, 4, "QFI\xfb") == 0) {
            return positive(big_endian(header_, 24, 8));
        }
        return std::nullopt;
    }
    if (format_ == "vhd") {
        // VHDInspector: the footer copy at the start, original size at 40..48.
        if (header_.size() >= 48 && header_.compare(0, 8, "conectix") == 0) {
            return positive(big_endian(header_, 40, 8));
        }
        return std::nullopt;
    }
    if (format_ == "vmdk") {
        // Sparse extent header "KDMV": capacity in 512-byte sectors, little-endian at 12.
        if (header_.size() >= 20 && header_.compare(0, 4, "KDMV") == 0) {
            return positive(little_endian(header_, 12, 8) * 512);
        }
        return std::nullopt;
    }
    if (format_ == "vdi") {
        // VDIInspector: signature 0xbeda107f at 0x40, disk size (LE u64) at 0x170.
        if (header_.size() >= 0x178 && little_endian(header_, 0x40, 4) == 0xbeda107fULL) {
            return positive(little_endian(header_, 0x170, 8));
        }
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace onestack::image::data
