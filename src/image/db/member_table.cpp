#include "image/db/member_table.hpp"

namespace onestack::image::db {
namespace {

MemberRecord member_from(const onestack::db::Row& r) {
    return {r.str("image_id"), r.str("member"), r.str("status"), r.i64("created_at"),
            r.i64("updated_at")};
}

}  // namespace

std::optional<MemberRecord> find_member(Conn& c, const std::string& image_id,
                                        const std::string& member) {
    auto r = c.query_one("SELECT * FROM image_members WHERE image_id = :i AND member = :m",
                         {image_id, member});
    if (!r) {
        return std::nullopt;
    }
    return member_from(*r);
}

std::vector<MemberRecord> list_members(Conn& c, const std::string& image_id) {
    std::vector<MemberRecord> out;
    for (const auto& r :
         c.query("SELECT * FROM image_members WHERE image_id = :i ORDER BY created_at, member",
                 {image_id})) {
        out.push_back(member_from(r));
    }
    return out;
}

bool insert_member(Conn& c, const MemberRecord& m) {
    if (find_member(c, m.image_id, m.member)) {
        return false;
    }
    c.exec(
        "INSERT INTO image_members (image_id, member, status, created_at, updated_at) "
        "VALUES (:i, :m, :s, :c, :u)",
        {m.image_id, m.member, m.status, m.created_at, m.updated_at});
    return true;
}

void update_member_status(Conn& c, const std::string& image_id, const std::string& member,
                          const std::string& status, std::int64_t now) {
    c.exec(
        "UPDATE image_members SET status = :s, updated_at = :u WHERE image_id = :i AND "
        "member = :m",
        {status, now, image_id, member});
}

void delete_member(Conn& c, const std::string& image_id, const std::string& member) {
    c.exec("DELETE FROM image_members WHERE image_id = :i AND member = :m", {image_id, member});
}

std::int64_t count_members(Conn& c, const std::string& image_id) {
    auto r = c.query_one("SELECT COUNT(*) AS n FROM image_members WHERE image_id = :i", {image_id});
    return r ? r->i64("n") : 0;
}

}  // namespace onestack::image::db
