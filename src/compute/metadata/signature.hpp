#pragma once
// The metadata proxy's proof that it speaks for an instance (nova's
// handler.py _validate_shared_secret): X-Instance-ID-Signature is the hex
// HMAC-SHA256 of the instance id under metadata_proxy_shared_secret.
#include <string>
#include <string_view>

namespace onestack::compute::metadata {

// Lowercase hex, as Python's hexdigest().
std::string instance_id_signature(std::string_view secret, std::string_view instance_id);

// Constant-time comparison with the expected signature; false when empty.
bool signature_valid(std::string_view secret, std::string_view instance_id,
                     std::string_view signature);

}  // namespace onestack::compute::metadata
