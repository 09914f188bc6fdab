#pragma once
// Random identifiers as OpenStack spells them.
#include <string>

namespace onestack::util {

// "3f2504e04f8941d39a0c0305e82c3301": Keystone's ids (uuid4().hex).
std::string uuid_hex();
// "3f2504e0-4f89-41d3-9a0c-0305e82c3301": Nova, Glance, Neutron ids.
std::string uuid_dashed();
// "req-<uuid>": x-openstack-request-id values.
std::string request_id();
// n random bytes from the OS CSPRNG.
std::string random_bytes(std::size_t n);
// True for a dashed or undashed uuid.
bool is_uuid_like(std::string_view s);

}  // namespace onestack::util
