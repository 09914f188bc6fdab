#include "compute/virt/libvirt/image_cache.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "compute/virt/driver.hpp"

namespace onestack::compute::virt::libvirt {
namespace fs = std::filesystem;

namespace {

bool plain_name(const std::string& id) {
    if (id.empty() || id.size() > 255 || id == "." || id == "..") {
        return false;
    }
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

constexpr const char* kPartial = ".part";

}  // namespace

ImageCache::ImageCache(std::string dir) : dir_(std::move(dir)) {}

std::string ImageCache::path_of(const std::string& image_id) const {
    return (fs::path(dir_) / image_id).string();
}

bool ImageCache::has(const std::string& image_id) const {
    return plain_name(image_id) && fs::exists(path_of(image_id));
}

std::mutex& ImageCache::lock_for(const std::string& image_id) {
    std::lock_guard lock(mu_);
    auto& slot = locks_[image_id];
    if (!slot) {
        slot = std::make_unique<std::mutex>();
    }
    return *slot;
}

std::string ImageCache::ensure(const std::string& image_id, const Fetch& fetch) {
    if (!plain_name(image_id)) {
        throw DriverError("image cache: bad image id '" + image_id + "'");
    }
    std::lock_guard one_download(lock_for(image_id));
    auto path = path_of(image_id);
    std::error_code ec;
    if (fs::exists(path, ec)) {
        fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
        return path;
    }
    fs::create_directories(dir_);
    auto part = path + kPartial;
    fs::remove(part, ec);
    auto started = std::chrono::steady_clock::now();
    try {
        fetch(image_id, part);
    } catch (const std::exception& e) {
        fs::remove(part, ec);
        throw DriverError("image " + image_id + " could not be fetched: " + e.what());
    }
    // Readable by QEMU whatever user it runs as; never written through.
    fs::permissions(part, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read,
                    ec);
    fs::rename(part, path);
    spdlog::info("image cache: {} fetched into {} ({} bytes, {} ms)", image_id, path,
                 fs::file_size(path, ec),
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count());
    return path;
}

std::vector<std::string> ImageCache::cleanup(const std::set<std::string>& in_use,
                                             std::chrono::seconds max_age) {
    std::vector<std::string> removed;
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
        return removed;
    }
    auto now = fs::file_time_type::clock::now();
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        auto name = entry.path().filename().string();
        bool partial = name.size() > 5 && name.ends_with(kPartial);
        auto id = partial ? name.substr(0, name.size() - 5) : name;
        if (!partial && in_use.contains(id)) {
            continue;
        }
        // A download under way holds the image's lock: skip it.
        std::unique_lock lock(lock_for(id), std::try_to_lock);
        if (!lock.owns_lock()) {
            continue;
        }
        auto mtime = fs::last_write_time(entry.path(), ec);
        if (ec || now - mtime < max_age) {
            continue;
        }
        if (fs::remove(entry.path(), ec)) {
            removed.push_back(name);
            spdlog::info("image cache: removed unused {}", entry.path().string());
        }
    }
    return removed;
}

}  // namespace onestack::compute::virt::libvirt
