#pragma once
// Reads what an instance's metadata is made of (instance row, its metadata,
// its key pair) and writes the password a guest posts. Deleted instances
// have no metadata.
#include <optional>
#include <string>

#include "common/db/database.hpp"
#include "compute/metadata/instance_metadata.hpp"

namespace onestack::compute::metadata {

std::optional<MetadataSource> load_source(onestack::db::Conn& c, const std::string& uuid);

enum class PasswordWrite { Set, AlreadySet, NoInstance };
// Sets the password unless one is set (nova answers 409 then).
PasswordWrite set_password_once(onestack::db::Conn& c, const std::string& uuid,
                                std::string_view password);

}  // namespace onestack::compute::metadata
