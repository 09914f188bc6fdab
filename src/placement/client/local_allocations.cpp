#include "placement/client/local_allocations.hpp"

#include "placement/api/allocation_writes.hpp"
#include "placement/client/local_request.hpp"
#include "placement/ops/allocations.hpp"
#include "placement/placement.hpp"

namespace onestack::placement::client {

void local_put_allocations(Placement& placement, const std::string& consumer,
                           const AllocationMap& allocations, const std::string& project_id,
                           const std::string& user_id, const std::string& consumer_type,
                           std::optional<std::int64_t> consumer_generation,
                           const std::string& microversion) {
    auto req = local_request(http::Verb::put, "/allocations/" + consumer, "", microversion);
    try {
        ops::ConsumerAllocations c;
        c.consumer_uuid = api::consumer_uuid_of(consumer);
        c.allocations.reserve(allocations.size());
        for (const auto& [rp, resources] : allocations) {
            auto& pr = c.allocations.emplace_back();
            pr.provider_uuid = rp;
            pr.resources.assign(resources.begin(), resources.end());
        }
        c.project_id = project_id;
        c.user_id = user_id;
        c.consumer_generation = consumer_generation;
        c.consumer_type = consumer_type;
        api::put_consumer_allocations(placement, req, c);
    } catch (const api::Fault& f) {
        throw local_error(f, req);
    }
}

ConsumerAllocations local_get_allocations(Placement& placement, const std::string& consumer) {
    ConsumerAllocations out;
    placement.store().read([&](const Model& m) {
        const Consumer* c = m.consumer(consumer);
        if (c == nullptr || c->allocations.empty()) {
            return;
        }
        for (const auto& a : c->allocations) {
            out.allocations[m.provider(a.provider_id)->uuid]
                           [m.resource_classes.name(a.resource_class)] = a.used;
        }
        out.consumer_generation = c->generation;
        out.project_id = c->project_id;
        out.user_id = c->user_id;
        out.consumer_type = c->consumer_type ? m.consumer_types.name(c->consumer_type)
                                             : std::string(kUnknownConsumerType);
    });
    return out;
}

bool local_delete_allocations(Placement& placement, const std::string& consumer,
                              const std::string& microversion) {
    try {
        ops::delete_allocations(placement.store(), consumer);
        return true;
    } catch (const api::Fault& f) {
        if (f.status() == 404) {
            return false;
        }
        auto req = local_request(http::Verb::delete_, "/allocations/" + consumer, "", microversion);
        throw local_error(f, req);
    }
}

}  // namespace onestack::placement::client
