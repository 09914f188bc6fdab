#pragma once
// Resource provider writes (placement/objects/resource_provider.py create,
// save, destroy) and the copy of one provider handlers render.
#include <optional>
#include <string>

#include "placement/model/model.hpp"
#include "placement/store/store.hpp"

namespace onestack::placement::ops {

struct ProviderView {
    Id id = 0;
    std::string uuid;
    std::string name;
    std::int64_t generation = 0;
    std::optional<std::string> parent_uuid;
    std::string root_uuid;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
    Timestamp last_modified() const { return updated_at ? updated_at : created_at; }
};

ProviderView view_of(const Model& m, const Provider& p);
// The provider, or 404 "No resource provider with uuid X found".
const Provider& require_provider(const Model& m, const std::string& uuid);

struct NewProvider {
    std::string name;
    std::string uuid;  // canonical, already generated when the client gave none
    std::optional<std::string> parent_uuid;
};
ProviderView create_provider(Store& store, const NewProvider& request);

struct ProviderUpdate {
    std::string name;
    bool parent_given = false;  // mv 1.14: parent_provider_uuid in the body
    std::optional<std::string> parent_uuid;
    bool allow_reparenting = false;  // mv 1.37
};
ProviderView update_provider(Store& store, const std::string& uuid, const ProviderUpdate& update);

void delete_provider(Store& store, const std::string& uuid);

}  // namespace onestack::placement::ops
