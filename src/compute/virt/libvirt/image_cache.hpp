#pragma once
// The host's image cache (nova's _base): one file per image id, downloaded
// once and shared by every instance disk built on it. Concurrent requests for
// one image wait for a single download. Unused files are removed after an
// age (cleanup), never while a download or an instance needs them.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace onestack::compute::virt::libvirt {

class ImageCache {
  public:
    // Writes the image's data to `dest` (verifying it), throws on failure.
    using Fetch = std::function<void(const std::string& image_id, const std::string& dest)>;

    explicit ImageCache(std::string dir);

    const std::string& dir() const { return dir_; }
    std::string path_of(const std::string& image_id) const;
    bool has(const std::string& image_id) const;
    // The cached file's path, fetched first when missing. Throws
    // DriverError when the id is not a plain name or the fetch failed.
    std::string ensure(const std::string& image_id, const Fetch& fetch);
    // Removes cached images not in `in_use` and unused for `max_age`
    // (mtime; ensure() touches), and leftover partial downloads. Returns the
    // ids removed.
    std::vector<std::string> cleanup(const std::set<std::string>& in_use,
                                     std::chrono::seconds max_age);

  private:
    std::mutex& lock_for(const std::string& image_id);

    std::string dir_;
    std::mutex mu_;
    std::unordered_map<std::string, std::unique_ptr<std::mutex>> locks_;
};

}  // namespace onestack::compute::virt::libvirt
