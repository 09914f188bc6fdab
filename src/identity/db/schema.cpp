#include "identity/db/schema.hpp"

namespace onestack::identity::db {

// Shapes follow Keystone's SQL backend where clients can tell the difference
// (domains are projects with is_domain = 1; global roles have domain_id
// '<<null>>'); extra attributes are a JSON text column, as upstream.
const std::vector<onestack::db::Migration>& migrations() {
    static const std::vector<onestack::db::Migration> all = {
        {1,
         "initial identity schema",
         {
             "CREATE TABLE project ("
             " id VARCHAR(64) PRIMARY KEY, name VARCHAR(64) NOT NULL,"
             " domain_id VARCHAR(64) NOT NULL, parent_id VARCHAR(64),"
             " description TEXT, enabled INTEGER NOT NULL DEFAULT 1,"
             " is_domain INTEGER NOT NULL DEFAULT 0, extra TEXT NOT NULL DEFAULT '{}',"
             " options TEXT NOT NULL DEFAULT '{}',"
             " UNIQUE (domain_id, name))",
             "CREATE INDEX project_parent ON project (parent_id)",
             "CREATE TABLE project_tag (project_id VARCHAR(64) NOT NULL REFERENCES project(id)"
             " ON DELETE CASCADE, name VARCHAR(255) NOT NULL, PRIMARY KEY (project_id, name))",

             "CREATE TABLE identity_user ("
             " id VARCHAR(64) PRIMARY KEY, domain_id VARCHAR(64) NOT NULL,"
             " name VARCHAR(255) NOT NULL, enabled INTEGER NOT NULL DEFAULT 1,"
             " default_project_id VARCHAR(64), description TEXT,"
             " password_hash VARCHAR(255), password_created_at VARCHAR(32),"
             " password_expires_at VARCHAR(32), extra TEXT NOT NULL DEFAULT '{}',"
             " options TEXT NOT NULL DEFAULT '{}', created_at VARCHAR(32),"
             " last_active_at VARCHAR(32), failed_auth_count INTEGER NOT NULL DEFAULT 0,"
             " UNIQUE (domain_id, name))",
             "CREATE TABLE password_history (id %SERIAL_PK%, user_id VARCHAR(64) NOT NULL"
             " REFERENCES identity_user(id) ON DELETE CASCADE, password_hash VARCHAR(255) NOT NULL,"
             " created_at VARCHAR(32) NOT NULL)",

             "CREATE TABLE identity_group ("
             " id VARCHAR(64) PRIMARY KEY, domain_id VARCHAR(64) NOT NULL,"
             " name VARCHAR(64) NOT NULL, description TEXT, extra TEXT NOT NULL DEFAULT '{}',"
             " UNIQUE (domain_id, name))",
             "CREATE TABLE user_group_membership ("
             " user_id VARCHAR(64) NOT NULL REFERENCES identity_user(id) ON DELETE CASCADE,"
             " group_id VARCHAR(64) NOT NULL REFERENCES identity_group(id) ON DELETE CASCADE,"
             " PRIMARY KEY (user_id, group_id))",
             "CREATE INDEX membership_group ON user_group_membership (group_id)",

             "CREATE TABLE role ("
             " id VARCHAR(64) PRIMARY KEY, name VARCHAR(255) NOT NULL,"
             " domain_id VARCHAR(64) NOT NULL DEFAULT '<<null>>', description TEXT,"
             " extra TEXT NOT NULL DEFAULT '{}', options TEXT NOT NULL DEFAULT '{}',"
             " UNIQUE (name, domain_id))",
             "CREATE TABLE implied_role ("
             " prior_role_id VARCHAR(64) NOT NULL REFERENCES role(id) ON DELETE CASCADE,"
             " implied_role_id VARCHAR(64) NOT NULL REFERENCES role(id) ON DELETE CASCADE,"
             " PRIMARY KEY (prior_role_id, implied_role_id))",
             // type: UserProject, GroupProject, UserDomain, GroupDomain, UserSystem, GroupSystem
             "CREATE TABLE assignment ("
             " type VARCHAR(16) NOT NULL, actor_id VARCHAR(64) NOT NULL,"
             " target_id VARCHAR(64) NOT NULL, role_id VARCHAR(64) NOT NULL,"
             " inherited INTEGER NOT NULL DEFAULT 0,"
             " PRIMARY KEY (type, actor_id, target_id, role_id, inherited))",
             "CREATE INDEX assignment_actor ON assignment (actor_id)",
             "CREATE INDEX assignment_target ON assignment (target_id)",
             "CREATE INDEX assignment_role ON assignment (role_id)",

             "CREATE TABLE region ("
             " id VARCHAR(255) PRIMARY KEY, description VARCHAR(255) NOT NULL DEFAULT '',"
             " parent_region_id VARCHAR(255), extra TEXT NOT NULL DEFAULT '{}')",
             "CREATE TABLE service ("
             " id VARCHAR(64) PRIMARY KEY, type VARCHAR(255) NOT NULL,"
             " enabled INTEGER NOT NULL DEFAULT 1, extra TEXT NOT NULL DEFAULT '{}')",
             "CREATE TABLE endpoint ("
             " id VARCHAR(64) PRIMARY KEY, service_id VARCHAR(64) NOT NULL REFERENCES service(id),"
             " interface VARCHAR(8) NOT NULL, url TEXT NOT NULL, region_id VARCHAR(255),"
             " enabled INTEGER NOT NULL DEFAULT 1, extra TEXT NOT NULL DEFAULT '{}')",
             "CREATE TABLE project_endpoint ("
             " endpoint_id VARCHAR(64) NOT NULL, project_id VARCHAR(64) NOT NULL,"
             " PRIMARY KEY (endpoint_id, project_id))",
             "CREATE TABLE endpoint_group ("
             " id VARCHAR(64) PRIMARY KEY, name VARCHAR(255) NOT NULL, description TEXT,"
             " filters TEXT NOT NULL)",
             "CREATE TABLE project_endpoint_group ("
             " endpoint_group_id VARCHAR(64) NOT NULL REFERENCES endpoint_group(id)"
             " ON DELETE CASCADE, project_id VARCHAR(64) NOT NULL,"
             " PRIMARY KEY (endpoint_group_id, project_id))",

             "CREATE TABLE credential ("
             " id VARCHAR(64) PRIMARY KEY, user_id VARCHAR(64) NOT NULL,"
             " project_id VARCHAR(64), type VARCHAR(255) NOT NULL, blob TEXT NOT NULL,"
             " extra TEXT NOT NULL DEFAULT '{}')",
             "CREATE INDEX credential_user ON credential (user_id)",

             "CREATE TABLE application_credential ("
             " id VARCHAR(64) PRIMARY KEY, name VARCHAR(255) NOT NULL,"
             " secret_hash VARCHAR(255) NOT NULL, description TEXT,"
             " user_id VARCHAR(64) NOT NULL, project_id VARCHAR(64), system VARCHAR(64),"
             " expires_at VARCHAR(32), unrestricted INTEGER NOT NULL DEFAULT 0,"
             " UNIQUE (user_id, name))",
             "CREATE TABLE application_credential_role ("
             " application_credential_id VARCHAR(64) NOT NULL REFERENCES"
             " application_credential(id) ON DELETE CASCADE, role_id VARCHAR(64) NOT NULL,"
             " PRIMARY KEY (application_credential_id, role_id))",
             "CREATE TABLE access_rule ("
             " id VARCHAR(64) PRIMARY KEY, service VARCHAR(64), path VARCHAR(128),"
             " method VARCHAR(16), user_id VARCHAR(64) NOT NULL)",
             "CREATE TABLE application_credential_access_rule ("
             " application_credential_id VARCHAR(64) NOT NULL REFERENCES"
             " application_credential(id) ON DELETE CASCADE,"
             " access_rule_id VARCHAR(64) NOT NULL REFERENCES access_rule(id),"
             " PRIMARY KEY (application_credential_id, access_rule_id))",

             "CREATE TABLE trust ("
             " id VARCHAR(64) PRIMARY KEY, trustor_user_id VARCHAR(64) NOT NULL,"
             " trustee_user_id VARCHAR(64) NOT NULL, project_id VARCHAR(64),"
             " impersonation INTEGER NOT NULL DEFAULT 0, deleted_at VARCHAR(32),"
             " expires_at VARCHAR(32), remaining_uses INTEGER,"
             " redelegated_trust_id VARCHAR(64), redelegation_count INTEGER,"
             " extra TEXT NOT NULL DEFAULT '{}')",
             "CREATE TABLE trust_role ("
             " trust_id VARCHAR(64) NOT NULL REFERENCES trust(id) ON DELETE CASCADE,"
             " role_id VARCHAR(64) NOT NULL, PRIMARY KEY (trust_id, role_id))",

             "CREATE TABLE revocation_event ("
             " id %SERIAL_PK%, domain_id VARCHAR(64), project_id VARCHAR(64),"
             " user_id VARCHAR(64), role_id VARCHAR(64), trust_id VARCHAR(64),"
             " consumer_id VARCHAR(64), access_token_id VARCHAR(64),"
             " issued_before VARCHAR(32) NOT NULL, expires_at VARCHAR(32),"
             " revoked_at VARCHAR(32) NOT NULL, audit_id VARCHAR(32), audit_chain_id VARCHAR(32))",

             "CREATE TABLE policy ("
             " id VARCHAR(64) PRIMARY KEY, type VARCHAR(255) NOT NULL, blob TEXT NOT NULL,"
             " extra TEXT NOT NULL DEFAULT '{}')",

             // Domain-specific configuration: sensitive options are kept apart
             // and never returned by the API, as upstream.
             "CREATE TABLE domain_config ("
             " domain_id VARCHAR(64) NOT NULL, config_group VARCHAR(255) NOT NULL,"
             " option VARCHAR(255) NOT NULL, value TEXT NOT NULL,"
             " sensitive INTEGER NOT NULL DEFAULT 0,"
             " PRIMARY KEY (domain_id, config_group, option))",

             "CREATE TABLE registered_limit ("
             " id VARCHAR(64) PRIMARY KEY, service_id VARCHAR(255) NOT NULL,"
             " region_id VARCHAR(64), resource_name VARCHAR(255) NOT NULL,"
             " default_limit INTEGER NOT NULL, description TEXT)",
             "CREATE TABLE project_limit ("
             " id VARCHAR(64) PRIMARY KEY, project_id VARCHAR(64), domain_id VARCHAR(64),"
             " service_id VARCHAR(255) NOT NULL, region_id VARCHAR(64),"
             " resource_name VARCHAR(255) NOT NULL, resource_limit INTEGER NOT NULL,"
             " description TEXT)",
         }},
        {2,
         "security compliance: failed authentication time, self-service passwords",
         {
             "ALTER TABLE identity_user ADD COLUMN failed_auth_at VARCHAR(32)",
             "ALTER TABLE identity_user ADD COLUMN password_self_service INTEGER NOT NULL"
             " DEFAULT 0",
             "CREATE INDEX password_history_user ON password_history (user_id)",
         }},
    };
    return all;
}

}  // namespace onestack::identity::db
