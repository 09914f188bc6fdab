// The service catalog's administration API: /v3/regions, /v3/services and
// /v3/endpoints. Tokens and /v3/auth/catalog read it through CatalogCache,
// which every write here invalidates with Identity::changed().
#include "identity/api/catalog_routes.hpp"

namespace onestack::identity::api {

void add_catalog_routes(Identity& identity, Router& r) {
    add_region_routes(identity, r);
    add_service_routes(identity, r);
    add_endpoint_routes(identity, r);
}

}  // namespace onestack::identity::api
