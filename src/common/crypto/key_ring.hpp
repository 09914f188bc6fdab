#pragma once
// The keys of a KeyRepository, kept in memory and re-read when the
// repository changes on disk, so a rotation (onestack identity fernet-rotate,
// or keys synced from another node) reaches a running server without a
// restart and without disk I/O on every request.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "common/crypto/fernet.hpp"
#include "common/crypto/key_repository.hpp"

namespace onestack::crypto {

class KeyRing {
  public:
    // Loads the keys now. Throws std::runtime_error when the repository has
    // no usable key (not set up, unreadable).
    explicit KeyRing(KeyRepository repository,
                     std::chrono::milliseconds check_interval = std::chrono::seconds(1));

    KeyRing(const KeyRing&) = delete;
    KeyRing& operator=(const KeyRing&) = delete;

    // The current keys. Costs a clock read and an atomic load; at most once
    // per check_interval one caller also fingerprints the repository (a
    // directory scan) and reloads it if it changed. If a reload finds no
    // usable key the previous keys stay in service.
    std::shared_ptr<const MultiFernet> current() const;

    // Re-read the repository now, changed or not.
    void reload() const;

    const KeyRepository& repository() const { return repository_; }

  private:
    void refresh(bool force) const;

    const KeyRepository repository_;
    const std::int64_t check_interval_ns_;
    mutable std::atomic<std::shared_ptr<const MultiFernet>> keys_;
    mutable std::atomic<std::int64_t> next_check_ns_{0};
    mutable std::mutex refresh_mutex_;
    mutable std::optional<std::uint64_t> fingerprint_;  // guarded by refresh_mutex_
};

}  // namespace onestack::crypto
