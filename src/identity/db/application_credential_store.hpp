#pragma once
// SQL for application credentials and the access rules they carry
// (keystone/application_credential/backends/sql.py). Authentication and
// token validation read through here too, so there is one implementation.
#include <optional>
#include <string>
#include <vector>

#include "common/db/database.hpp"

namespace onestack::identity {

// A rule a token from an application credential is held to on other
// services ("GET /v2.1/servers/*/ips on compute"). Rules belong to a user
// and are shared by that user's application credentials.
struct AccessRule {
    std::string id;
    std::string service;
    std::string path;
    std::string method;
    std::string user_id;
};

struct ApplicationCredential {
    std::string id;
    std::string name;
    std::optional<std::string> description;
    std::string user_id;
    std::string project_id;  // "" when created without a project scope
    std::string system;
    std::string expires_at;  // "YYYY-MM-DDTHH:MM:SS.ffffff" UTC; "" never expires
    bool unrestricted = false;
    std::string secret_hash;  // bcrypt; the secret itself is never stored
    std::vector<std::string> role_ids;
    std::vector<AccessRule> access_rules;
};

}  // namespace onestack::identity

namespace onestack::identity::db {

using onestack::db::Conn;

std::optional<ApplicationCredential> get_application_credential(Conn& c, const std::string& id);
std::optional<ApplicationCredential> get_application_credential_by_name(Conn& c,
                                                                        const std::string& user_id,
                                                                        const std::string& name);
std::vector<ApplicationCredential> list_application_credentials(
    Conn& c, const std::string& user_id, const std::optional<std::string>& name);
// Stores the credential with its roles and access rules. A rule given by the
// id of one of the user's rules, or identical to one, reuses it; otherwise a
// new rule is stored under the given id. `ac.access_rules` is updated to the
// rules actually linked.
void insert_application_credential(Conn& c, ApplicationCredential& ac);
// False when there was no such credential.
bool delete_application_credential(Conn& c, const std::string& id);

std::optional<AccessRule> get_access_rule(Conn& c, const std::string& id);
std::vector<AccessRule> list_access_rules(Conn& c, const std::string& user_id);
// True while an application credential still refers to the rule.
bool access_rule_in_use(Conn& c, const std::string& id);
bool delete_access_rule(Conn& c, const std::string& id);

}  // namespace onestack::identity::db
