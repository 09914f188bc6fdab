#pragma once
// Placement's shared state for one process: options, the database, the
// store (in-memory model kept equal to the database) and the policy enforcer.
#include <memory>
#include <string>

#include "common/db/database.hpp"
#include "common/policy/enforcer.hpp"
#include "placement/store/store.hpp"

namespace onestack::placement {

struct PlacementOptions {
    std::string policy_file;
    // [placement] randomize_allocation_candidates (upstream default False).
    bool randomize_allocation_candidates = false;
    // [placement] incomplete_consumer_project_id / _user_id.
    std::string incomplete_consumer_project_id = "00000000-0000-0000-0000-000000000000";
    std::string incomplete_consumer_user_id = "00000000-0000-0000-0000-000000000000";
    // [placement] auth_strategy: "keystone" or "noauth2" (tests, as upstream's).
    std::string auth_strategy = "keystone";
};

class Placement {
  public:
    // Syncs the standard resource classes and traits, then loads the model.
    Placement(PlacementOptions options, std::unique_ptr<onestack::db::Database> db);
    ~Placement();

    const PlacementOptions& options() const { return options_; }
    onestack::db::Database& db() { return *db_; }
    Store& store() { return *store_; }
    policy::Enforcer& policy() { return policy_; }

  private:
    PlacementOptions options_;
    std::unique_ptr<onestack::db::Database> db_;
    std::unique_ptr<Store> store_;
    policy::Enforcer policy_;
};

}  // namespace onestack::placement
