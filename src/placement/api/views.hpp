#pragma once
// The JSON placement answers with for providers and inventories.
#include <boost/json.hpp>
#include <optional>

#include "common/http/message.hpp"
#include "placement/model/model.hpp"
#include "placement/ops/providers.hpp"

namespace onestack::placement::api {

// handlers/resource_provider.py _serialize_provider, built in sp's memory
// (a list builds all its providers in one arena).
boost::json::object provider_json(const onestack::http::Request& req, const ops::ProviderView& p,
                                  boost::json::storage_ptr sp = {});
// handlers/inventory.py _serialize_inventory (generation only when given).
boost::json::object inventory_json(const Inventory& inv,
                                   std::optional<std::int64_t> generation = std::nullopt);
// The newest of updated_at/created_at (util.pick_last_modified).
inline Timestamp modified(Timestamp created_at, Timestamp updated_at) {
    return updated_at ? updated_at : created_at;
}

}  // namespace onestack::placement::api
