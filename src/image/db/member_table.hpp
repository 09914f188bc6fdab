#pragma once
// Image members: the projects a shared image is offered to, and their answer.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"
#include "image/db/records.hpp"

namespace onestack::image::db {

using onestack::db::Conn;

std::optional<MemberRecord> find_member(Conn& c, const std::string& image_id,
                                        const std::string& member);
std::vector<MemberRecord> list_members(Conn& c, const std::string& image_id);
// False when the member exists already.
bool insert_member(Conn& c, const MemberRecord& m);
void update_member_status(Conn& c, const std::string& image_id, const std::string& member,
                          const std::string& status, std::int64_t now);
void delete_member(Conn& c, const std::string& image_id, const std::string& member);
std::int64_t count_members(Conn& c, const std::string& image_id);

}  // namespace onestack::image::db
