#pragma once
// At most `slots` scheduling decisions run at once; the others wait their
// turn in arrival order. On a small machine concurrent decisions only
// share the same cores (and the placement writer) and each takes longer;
// queued, each runs at its own speed (Nova runs select_destinations on
// [scheduler] workers processes for the same reason).
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace onestack::compute::scheduler {

class DecisionGate {
  public:
    // slots 0: no limit.
    explicit DecisionGate(unsigned slots) : slots_(slots) {}

    // Holds one slot from construction to destruction.
    class Slot {
      public:
        explicit Slot(DecisionGate& gate) : gate_(gate) { gate_.acquire(); }
        ~Slot() { gate_.release(); }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

      private:
        DecisionGate& gate_;
    };

    unsigned slots() const { return slots_; }
    // Callers that have arrived so far (inside, waiting or gone): tests
    // wait on it to know a caller has queued.
    std::uint64_t arrivals() {
        std::lock_guard lock(mu_);
        return next_;
    }

  private:
    // A ticket lock with `slots` holders: ticket t enters once fewer than
    // `slots` of the tickets before it are still inside.
    void acquire() {
        if (slots_ == 0) {
            return;
        }
        std::unique_lock lock(mu_);
        const std::uint64_t ticket = next_++;
        cv_.wait(lock, [&] { return ticket < left_ + slots_; });
    }
    void release() {
        if (slots_ == 0) {
            return;
        }
        {
            std::lock_guard lock(mu_);
            ++left_;
        }
        cv_.notify_all();
    }

    const unsigned slots_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::uint64_t next_ = 0;  // tickets handed out
    std::uint64_t left_ = 0;  // holders that have left
};

}  // namespace onestack::compute::scheduler
