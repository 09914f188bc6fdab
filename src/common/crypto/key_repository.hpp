#pragma once
// Keystone's Fernet key repository (keystone/common/fernet_utils.py): a
// directory of key files named by integers. The highest number is the
// primary key (encrypts); 0 is the staged key, the next primary, already
// accepted for decryption so a rotated node's tokens validate on nodes that
// have not rotated yet; the rest are secondary keys kept to validate older
// tokens until rotation prunes them.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/crypto/fernet.hpp"

namespace onestack::crypto {

class KeyRepository {
  public:
    static constexpr int kDefaultMaxActiveKeys = 3;  // [fernet_tokens] max_active_keys

    // Throws std::invalid_argument when max_active_keys < 1 (Keystone's minimum).
    explicit KeyRepository(std::filesystem::path directory,
                           int max_active_keys = kDefaultMaxActiveKeys);

    const std::filesystem::path& directory() const { return directory_; }
    int max_active_keys() const { return max_active_keys_; }

    // keystone-manage fernet_setup: creates the directory (0700) if missing
    // and, unless key 0 already exists, a staged key rotated into keys 0 and
    // 1. Returns false when there was nothing to do. Throws
    // std::filesystem::filesystem_error / std::system_error on I/O failure.
    bool setup() const;

    // keystone-manage fernet_rotate: promotes 0 to max+1, stages a new 0 and
    // deletes the lowest-numbered keys beyond max_active_keys. Throws
    // std::runtime_error when there is no key 0 to promote (not set up).
    void rotate() const;

    // Key indexes present on disk, highest (primary) first.
    std::vector<int> key_indexes() const;

    // The keys, primary first. Empty or malformed key files are skipped with
    // a warning; nullopt when no usable key is left (or no directory).
    std::optional<MultiFernet> load() const;

    // Changes whenever a key file is added, removed, replaced or rewritten.
    // Costs one directory scan and a stat per key: cheap enough to poll.
    std::uint64_t fingerprint() const;

  private:
    std::filesystem::path key_path(int index) const;
    void rotate_locked(int directory_fd) const;
    void write_staging_key() const;

    std::filesystem::path directory_;
    int max_active_keys_;
};

}  // namespace onestack::crypto
