#pragma once
// The password a guest posts to openstack/<version>/password (nova's
// api/metadata/password.py): kept in system_metadata as password_0 ..
// password_3, 255 characters each, so at most 1020.
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace onestack::compute::metadata {

inline constexpr std::size_t kPasswordChunks = 4;
inline constexpr std::size_t kPasswordChunkLength = 255;
inline constexpr std::size_t kPasswordMaxSize = kPasswordChunks * kPasswordChunkLength;

// The chunks joined in key order; none when empty.
std::optional<std::string> extract_password(const boost::json::object& system_metadata);

// password_0 .. password_3 (by code point, as Python slices a str).
boost::json::object convert_password(std::string_view password);

}  // namespace onestack::compute::metadata
