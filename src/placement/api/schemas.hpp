#pragma once
// Placement's request schemas (placement/schemas/*.py), per microversion.
#include "common/json/schema.hpp"

namespace onestack::placement::api::schemas {

using onestack::json::Schema;

const Schema& post_provider(bool v1_14);
const Schema& put_provider(bool v1_14);
const Schema& list_providers(int minor);  // 1.0, 1.3, 1.4, 1.14, 1.18

const Schema& post_inventory();
const Schema& put_inventory();  // one class: BASE_INVENTORY_SCHEMA
const Schema& put_inventories();

const Schema& resource_class_name();  // POST_RC_SCHEMA_V1_2 / PUT_RC_SCHEMA_V1_2

const Schema& custom_trait();  // CUSTOM_TRAIT
const Schema& set_provider_traits();
const Schema& list_traits();

const Schema& put_aggregates(bool v1_19);

const Schema& put_allocations(int minor);   // per mv: 1.0, 1.8, 1.12, 1.28, 1.34, 1.38
const Schema& post_allocations(int minor);  // 1.13, 1.28, 1.34, 1.38

const Schema& usages(bool v1_38);
const Schema& allocation_candidates(int minor);
const Schema& reshaper(int minor);  // 1.30, 1.34, 1.38

}  // namespace onestack::placement::api::schemas
