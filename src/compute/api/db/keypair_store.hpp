#pragma once
// SQL for key pairs (nova's API database key_pairs, per user).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::compute::api::db {

using onestack::db::Conn;

struct KeyPair {
    std::int64_t id = 0;
    std::string name;
    std::string user_id;
    std::string fingerprint;
    std::string public_key;
    std::string type = "ssh";
    std::string created_at;
};

// Ordered by name; after `marker` (a name) when given.
std::vector<KeyPair> list_keypairs(Conn& c, const std::string& user_id,
                                   const std::optional<std::string>& marker = {},
                                   std::optional<std::size_t> limit = {});
std::optional<KeyPair> get_keypair(Conn& c, const std::string& user_id, const std::string& name);
std::int64_t count_keypairs(Conn& c, const std::string& user_id);
// False when the user already has a key of that name.
bool insert_keypair(Conn& c, KeyPair& kp);
bool delete_keypair(Conn& c, const std::string& user_id, const std::string& name);

}  // namespace onestack::compute::api::db
