#pragma once
// Bumped by the compute API whenever it changes rows the scheduler caches
// (aggregates, their hosts and metadata; services): a scheduler in the same
// process re-reads them before its next decision instead of up to
// host_state_ttl_ms later — what Nova's API does by telling its scheduler
// (update_aggregates). A scheduler in another process sees the change
// within the ttl.
#include <atomic>
#include <cstdint>

namespace onestack::compute::scheduler {

inline std::atomic<std::uint64_t> host_rows_epoch{0};

inline void host_rows_changed() {
    host_rows_epoch.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace onestack::compute::scheduler
