#pragma once
// SQL for /v3/credentials and the OS-EC2 credentials stored among them
// (keystone/credential/backends/sql.py).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::identity {

struct Credential {
    std::string id;  // for "ec2": the sha256 hex of the access key
    std::string user_id;
    std::string project_id;  // "" when unset
    std::string type;
    std::string blob;  // JSON text for "ec2", opaque otherwise
    boost::json::object extra;
};

}  // namespace onestack::identity

namespace onestack::identity::db {

using onestack::db::Conn;

std::optional<Credential> get_credential(Conn& c, const std::string& id);
struct CredentialFilter {
    std::optional<std::string> user_id;
    std::optional<std::string> type;
};
std::vector<Credential> list_credentials(Conn& c, const CredentialFilter& filter);
void insert_credential(Conn& c, const Credential& cred);
void update_credential(Conn& c, const Credential& cred);
bool delete_credential(Conn& c, const std::string& id);

}  // namespace onestack::identity::db
