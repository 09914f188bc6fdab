// Route groups not written yet; each moves to its own file when it is.
#include "compute/api/routes.hpp"

namespace onestack::compute::api {

void add_aggregate_routes(ComputeApi&, http::Router&) {}
void add_server_group_routes(ComputeApi&, http::Router&) {}
void add_migration_routes(ComputeApi&, http::Router&) {}

}  // namespace onestack::compute::api
