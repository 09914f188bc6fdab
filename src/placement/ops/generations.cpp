#include "placement/ops/generations.hpp"

namespace onestack::placement::ops {

std::int64_t GenerationBumps::planned(Id provider) const {
    auto it = planned_.find(provider);
    return it != planned_.end() ? it->second : model_.provider(provider)->generation;
}

std::int64_t GenerationBumps::bump(Id provider) {
    const std::int64_t old_generation = planned(provider);
    const std::int64_t new_generation = old_generation + 1;
    planned_[provider] = new_generation;
    change_.expect_one(
        "UPDATE resource_providers SET generation = :new, updated_at = :now"
        " WHERE id = :id AND generation = :old",
        {new_generation, now_, provider, old_generation});
    const Timestamp now = now_;
    change_.then([provider, new_generation, now](Model& m) {
        if (Provider* p = m.provider_mut(provider)) {
            p->generation = new_generation;
            p->updated_at = now;
        }
    });
    return new_generation;
}

}  // namespace onestack::placement::ops
