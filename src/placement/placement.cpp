#include "placement/placement.hpp"

#include "common/util/time.hpp"
#include "placement/db/load.hpp"
#include "placement/policy/default_rules.hpp"

namespace onestack::placement {

Placement::Placement(PlacementOptions options, std::unique_ptr<onestack::db::Database> db)
    : options_(std::move(options)), db_(std::move(db)) {
    db::sync_standard_names(*db_, util::now_unix());
    store_ = std::make_unique<Store>(*db_);
    policy_.register_defaults(default_rules());
    if (!options_.policy_file.empty()) {
        policy_.load_overrides_file(options_.policy_file);
    }
}

Placement::~Placement() = default;

}  // namespace onestack::placement
