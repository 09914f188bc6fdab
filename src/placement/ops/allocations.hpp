#pragma once
// Claims: replacing the allocations of one or more consumers at once
// (placement/handlers/allocation.py and objects/allocation.py
// _set_allocations), and dropping them.
//
// This is where two schedulers race for the last slot of a host. The whole
// request is checked against the model's usage (minus what the consumers
// being replaced hold now) and written in one transaction while no other
// write can run, so one of them wins and the other gets the 409 "would
// exceed the capacity" that upstream returns.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "placement/store/store.hpp"

namespace onestack::placement::ops {

struct ProviderResources {
    std::string provider_uuid;
    std::vector<std::pair<std::string, std::int64_t>> resources;  // class name, amount
};

struct ConsumerAllocations {
    std::string consumer_uuid;
    std::vector<ProviderResources> allocations;  // empty: remove the consumer's allocations
    std::optional<std::string> project_id;
    std::optional<std::string> user_id;
    std::optional<std::int64_t> consumer_generation;  // null in the body: nullopt
    std::optional<std::string> consumer_type;
};

struct AllocationOptions {
    bool check_consumer_generation = false;  // mv 1.28
    bool set_consumer_type = false;          // mv 1.38
    // How upstream words a missing resource class: PUT names the consumer,
    // POST /allocations does not, the reshaper calls the data malformed.
    enum class Wording { put, post, reshaper } wording = Wording::put;
    // [placement] incomplete_consumer_project_id / _user_id, for bodies
    // before mv 1.8 that carry no project.
    std::string incomplete_project_id;
    std::string incomplete_user_id;
};

class GenerationBumps;

void set_allocations(Store& store, const std::vector<ConsumerAllocations>& consumers,
                     const AllocationOptions& options);
// The check-and-plan step of set_allocations, for writes that claim as part
// of something larger (the reshaper): checks against m, records into change.
void plan_allocations(const Model& m, const std::vector<ConsumerAllocations>& consumers,
                      const AllocationOptions& options, Change& change, GenerationBumps& bumps);

// DELETE /allocations/{consumer_uuid}: 404 when the consumer has none.
void delete_allocations(Store& store, const std::string& consumer_uuid);

}  // namespace onestack::placement::ops
