#include "common/crypto/key_ring.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <stdexcept>

namespace onestack::crypto {
namespace {

std::int64_t steady_now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

KeyRing::KeyRing(KeyRepository repository, std::chrono::milliseconds check_interval)
    : repository_(std::move(repository)),
      check_interval_ns_(std::chrono::nanoseconds(check_interval).count()) {
    reload();
    if (!keys_.load()) {
        throw std::runtime_error("no usable fernet key in " + repository_.directory().string() +
                                 "; run fernet setup first");
    }
}

std::shared_ptr<const MultiFernet> KeyRing::current() const {
    const std::int64_t now = steady_now_ns();
    if (now >= next_check_ns_.load(std::memory_order_relaxed)) {
        // One thread checks; the others carry on with the keys they have.
        std::unique_lock lock(refresh_mutex_, std::try_to_lock);
        if (lock.owns_lock() && now >= next_check_ns_.load(std::memory_order_relaxed)) {
            next_check_ns_.store(now + check_interval_ns_, std::memory_order_relaxed);
            refresh(false);
        }
    }
    return keys_.load(std::memory_order_acquire);
}

void KeyRing::reload() const {
    std::lock_guard lock(refresh_mutex_);
    next_check_ns_.store(steady_now_ns() + check_interval_ns_, std::memory_order_relaxed);
    refresh(true);
}

void KeyRing::refresh(bool force) const {
    try {
        const std::uint64_t before = repository_.fingerprint();
        if (!force && fingerprint_ == before) {
            return;
        }
        auto loaded = repository_.load();
        // A change during the load (a rotation without our lock, a sync from
        // another node) leaves the fingerprint unsettled: look again next time.
        const std::uint64_t after = repository_.fingerprint();
        fingerprint_ = before == after ? std::optional(after) : std::nullopt;
        if (!loaded) {
            return;  // load() logged why; keep serving with the keys we have
        }
        const std::size_t count = loaded->keys().size();
        keys_.store(std::make_shared<const MultiFernet>(std::move(*loaded)),
                    std::memory_order_release);
        spdlog::info("fernet key repository {}: loaded {} keys", repository_.directory().string(),
                     count);
    } catch (const std::exception& e) {
        spdlog::error("fernet key repository {}: reload failed: {}",
                      repository_.directory().string(), e.what());
    }
}

}  // namespace onestack::crypto
