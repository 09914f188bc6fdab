#pragma once
// A token after validation, with everything it shows expanded: user, scope,
// roles, and the trust or application credential behind it.
#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/context/request_context.hpp"
#include "identity/db/records.hpp"
#include "identity/token/token_payload.hpp"

namespace onestack::identity {

class CatalogCache;

struct TrustInfo {
    std::string id;
    std::string trustor_id;
    std::string trustee_id;
    bool impersonation = false;
};

struct AppCredInfo {
    std::string id;
    std::string name;
    bool unrestricted = false;
    boost::json::array access_rules;
};

struct ValidatedToken {
    token::TokenPayload payload;
    User user;  // the token's user (trustee, or trustor when impersonating)
    std::string user_domain_name;
    std::optional<Project> project;  // project scope (also trust scope)
    std::string project_domain_name;
    std::optional<Project> domain;  // domain scope
    bool system = false;
    std::vector<Role> roles;
    std::optional<TrustInfo> trust;
    std::optional<AppCredInfo> app_cred;
    bool is_admin_project = false;

    bool unscoped() const { return !project && !domain && !system; }
    std::int64_t expires_at() const { return payload.expires_at; }

    // The {"token": {...}} document, serialized once per variant.
    const std::string& body(bool with_catalog, CatalogCache& catalog) const;
    boost::json::object to_json(bool with_catalog, CatalogCache& catalog) const;
    RequestContext to_context() const;

  private:
    mutable std::once_flag with_catalog_once_, without_catalog_once_;
    mutable std::string with_catalog_, without_catalog_;
};

}  // namespace onestack::identity
