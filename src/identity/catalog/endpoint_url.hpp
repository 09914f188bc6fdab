#pragma once
// Keystone's check_endpoint_url: an endpoint URL may only substitute the
// whitelisted properties ($(project_id)s, %(tenant_id)s, ...), and must
// survive Python's "%" formatting with them, so that building a catalog can
// never fail on it.
#include <string_view>

namespace onestack::identity {

// False where keystone raises URLValidationError ("Cannot create an
// endpoint with an invalid URL: ...").
bool endpoint_url_substitutions_valid(std::string_view url);

}  // namespace onestack::identity
