#pragma once
// Standard base64 (RFC 4648 §4) as Python's base64.b64decode reads it
// without validate: characters outside the alphabet are dropped, padding
// must be right.
#include <optional>
#include <string>
#include <string_view>

namespace onestack::compute::api {

std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace onestack::compute::api
