#pragma once
// Who is calling and in what scope: filled by the auth middleware from a
// validated token, read by policy checks and service logic (what
// oslo.context's RequestContext is upstream).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace onestack {

struct RequestContext {
    std::string request_id;
    std::string global_request_id;

    bool authenticated = false;
    std::string auth_token;  // never logged
    std::chrono::system_clock::time_point expires_at{};

    std::string user_id;
    std::string user_name;
    std::string user_domain_id;
    std::string user_domain_name;

    // Exactly one of project / domain / system scope is set for a scoped token.
    std::string project_id;
    std::string project_name;
    std::string project_domain_id;
    std::string project_domain_name;
    std::string domain_id;  // domain-scoped token
    std::string domain_name;
    std::string system_scope;  // "all" for a system-scoped token

    std::vector<std::string> roles;  // role names
    std::vector<std::string> role_ids;
    bool is_admin_project = true;

    std::string application_credential_id;
    std::string trust_id;
    std::string trustor_id;
    std::string trustee_id;

    // Service token (X-Service-Token) roles, when one was sent and is valid.
    std::vector<std::string> service_roles;

    bool has_role(std::string_view role) const {
        for (const auto& r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }
    bool system_scoped() const { return !system_scope.empty(); }
};

}  // namespace onestack
