#include "placement/ops/aggregates.hpp"

#include <algorithm>

#include "common/util/time.hpp"
#include "placement/errors.hpp"
#include "placement/ops/generations.hpp"
#include "placement/ops/providers.hpp"

namespace onestack::placement::ops {

std::int64_t set_provider_aggregates(Store& store, const std::string& uuid,
                                     std::optional<std::int64_t> expected_generation,
                                     const std::vector<std::string>& aggregate_uuids) {
    return store.write([&](const Model& m, Change& change) {
        const Provider& p = require_provider(m, uuid);
        if (expected_generation && *expected_generation != p.generation) {
            throw errors::conflict(
                "Resource provider's generation already changed. Please update the generation "
                "and try again.",
                errors::kConcurrentUpdate);
        }
        Id next_id = m.next_aggregate_id;
        std::vector<Id> wanted;
        std::vector<std::pair<Id, std::string>> created;
        for (const auto& agg_uuid : aggregate_uuids) {
            Id id;
            if (auto existing = m.aggregate(agg_uuid)) {
                id = *existing;
            } else {
                id = next_id++;
                created.emplace_back(id, agg_uuid);
                change.exec("INSERT INTO placement_aggregates (id, uuid) VALUES (:id, :uuid)",
                            {id, agg_uuid});
            }
            if (std::find(wanted.begin(), wanted.end(), id) == wanted.end()) {
                wanted.push_back(id);
            }
        }
        change.exec("DELETE FROM resource_provider_aggregates WHERE resource_provider_id = :rp",
                    {p.id});
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            change.exec(
                "INSERT INTO resource_provider_aggregates (resource_provider_id, aggregate_id,"
                " position) VALUES (:rp, :agg, :pos)",
                {p.id, wanted[i], static_cast<std::int64_t>(i)});
        }
        const Id id = p.id;
        change.then([id, created, wanted](Model& model) {
            for (const auto& [agg_id, agg_uuid] : created) {
                model.add_aggregate(agg_id, agg_uuid);
            }
            model.set_provider_aggregates(id, wanted);
        });
        if (!expected_generation) {
            return p.generation;
        }
        return GenerationBumps(m, change, util::now_unix()).bump(p.id);
    });
}

}  // namespace onestack::placement::ops
