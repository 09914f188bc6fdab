#pragma once
// Validates tokens against identity over REST (GET /v3/auth/tokens with
// this service's own token) and caches the valid ones until they expire or
// identity publishes a revocation event (polled from /v3/OS-REVOKE/events).
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/auth/token_validator.hpp"
#include "common/http/client.hpp"

namespace onestack::auth {

struct ServiceCredentials {
    std::string auth_url;  // "http://127.0.0.1:5000/v3"
    std::string username;
    std::string password;  // never logged
    std::string project_name;
    std::string user_domain_id = "default";
    std::string project_domain_id = "default";
};

struct RemoteValidatorOptions {
    std::chrono::seconds cache_time{300};  // keystonemiddleware's token_cache_time
    std::chrono::seconds revocation_poll{2};
    std::size_t max_cached = 10000;
};

// Parses a Keystone token document ({"token": {...}}) into a context.
RequestContext context_from_token_json(const boost::json::object& token_document);

class RemoteTokenValidator : public TokenValidator {
  public:
    RemoteTokenValidator(ServiceCredentials credentials, RemoteValidatorOptions options = {});
    std::optional<RequestContext> validate(std::string_view token) override;
    // This service's own token (issued and renewed on demand), for calls to other services.
    std::string service_token();

  private:
    void poll_revocations();
    std::string issue_service_token();

    ServiceCredentials creds_;
    RemoteValidatorOptions options_;
    http::HttpClient client_;
    std::mutex mu_;
    struct Cached {
        RequestContext ctx;
        std::chrono::steady_clock::time_point until;
    };
    std::unordered_map<std::string, Cached> cache_;
    std::string service_token_;
    std::chrono::system_clock::time_point service_token_expires_{};
    std::chrono::steady_clock::time_point last_poll_{};
    std::string last_event_time_;
};

}  // namespace onestack::auth
