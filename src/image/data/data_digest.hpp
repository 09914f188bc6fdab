#pragma once
// MD5 (Glance's "checksum") and SHA-512 ("os_hash_value", os_hash_algo =
// sha512) of image data, updated chunk by chunk as it streams.
#include <memory>
#include <string>

namespace onestack::image::data {

class DataDigest {
  public:
    DataDigest();
    ~DataDigest();
    DataDigest(const DataDigest&) = delete;
    DataDigest& operator=(const DataDigest&) = delete;

    void update(const char* data, std::size_t n);
    // The two halves of update(), for callers that run them on different threads.
    void update_md5(const char* data, std::size_t n);
    void update_sha512(const char* data, std::size_t n);
    // Hex digests; call once, after the last update.
    void finish(std::string& md5_hex, std::string& sha512_hex);

  private:
    struct Contexts;
    std::unique_ptr<Contexts> ctx_;
};

}  // namespace onestack::image::data
