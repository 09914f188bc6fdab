#pragma once
// Custom resource class writes (placement/objects/resource_class.py).
#include <string>

#include "placement/store/store.hpp"

namespace onestack::placement::ops {

// POST /resource_classes: 409 when it exists.
NamedEntry create_resource_class(Store& store, const std::string& name);
// PUT /resource_classes/{name} at mv 1.7+: true when created.
bool ensure_resource_class(Store& store, const std::string& name);
// PUT /resource_classes/{name} at mv 1.2-1.6: renames a custom class.
NamedEntry rename_resource_class(Store& store, const std::string& name,
                                 const std::string& new_name);
void delete_resource_class(Store& store, const std::string& name);

}  // namespace onestack::placement::ops
