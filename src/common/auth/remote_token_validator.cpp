#include "common/auth/remote_token_validator.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/util/time.hpp"

namespace onestack::auth {
namespace {

namespace json = boost::json;

std::string str(const json::object& o, std::string_view key) {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::object& obj(const json::object& o, std::string_view key) {
    static const json::object empty;
    auto* v = o.if_contains(key);
    return v && v->is_object() ? v->as_object() : empty;
}

}  // namespace

RequestContext context_from_token_json(const json::object& document) {
    const auto& t = obj(document, "token");
    RequestContext ctx;
    ctx.authenticated = true;
    const auto& user = obj(t, "user");
    ctx.user_id = str(user, "id");
    ctx.user_name = str(user, "name");
    ctx.user_domain_id = str(obj(user, "domain"), "id");
    ctx.user_domain_name = str(obj(user, "domain"), "name");
    if (const auto& project = obj(t, "project"); !project.empty()) {
        ctx.project_id = str(project, "id");
        ctx.project_name = str(project, "name");
        ctx.project_domain_id = str(obj(project, "domain"), "id");
        ctx.project_domain_name = str(obj(project, "domain"), "name");
    }
    if (const auto& domain = obj(t, "domain"); !domain.empty()) {
        ctx.domain_id = str(domain, "id");
        ctx.domain_name = str(domain, "name");
    }
    if (const auto* system = t.if_contains("system"); system && system->is_object()) {
        ctx.system_scope = "all";
    }
    if (const auto* roles = t.if_contains("roles"); roles && roles->is_array()) {
        for (const auto& r : roles->as_array()) {
            if (r.is_object()) {
                ctx.roles.push_back(str(r.as_object(), "name"));
                ctx.role_ids.push_back(str(r.as_object(), "id"));
            }
        }
    }
    if (const auto& trust = obj(t, "OS-TRUST:trust"); !trust.empty()) {
        ctx.trust_id = str(trust, "id");
        ctx.trustor_id = str(obj(trust, "trustor_user"), "id");
        ctx.trustee_id = str(obj(trust, "trustee_user"), "id");
    }
    ctx.application_credential_id = str(obj(t, "application_credential"), "id");
    if (auto expires = util::parse_iso8601(str(t, "expires_at"))) {
        ctx.expires_at = std::chrono::system_clock::time_point(std::chrono::seconds(*expires));
    }
    return ctx;
}

RemoteTokenValidator::RemoteTokenValidator(ServiceCredentials credentials,
                                           RemoteValidatorOptions options)
    : creds_(std::move(credentials)), options_(options), client_(std::chrono::seconds(10)) {}

std::string RemoteTokenValidator::issue_service_token() {
    json::object body{
        {"auth",
         {{"identity",
           {{"methods", json::array{"password"}},
            {"password",
             {{"user",
               {{"name", creds_.username},
                {"domain", {{"id", creds_.user_domain_id}}},
                {"password", creds_.password}}}}}}},
          {"scope",
           {{"project",
             {{"name", creds_.project_name}, {"domain", {{"id", creds_.project_domain_id}}}}}}}}}};
    http::Headers h;
    h.set("Content-Type", "application/json");
    auto res = client_.request(http::Verb::post, creds_.auth_url + "/auth/tokens?nocatalog", h,
                               json::serialize(body));
    if (res.status != 201) {
        throw std::runtime_error("service authentication failed with status " +
                                 std::to_string(res.status));
    }
    auto doc = res.json().as_object();
    service_token_expires_ = context_from_token_json(doc).expires_at;
    return std::string(res.header("X-Subject-Token"));
}

std::string RemoteTokenValidator::service_token() {
    std::lock_guard lock(mu_);
    if (service_token_.empty() ||
        std::chrono::system_clock::now() + std::chrono::minutes(5) > service_token_expires_) {
        service_token_ = issue_service_token();
    }
    return service_token_;
}

void RemoteTokenValidator::poll_revocations() {
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mu_);
        if (now - last_poll_ < options_.revocation_poll) {
            return;
        }
        last_poll_ = now;
    }
    try {
        http::Headers h;
        h.set("X-Auth-Token", service_token());
        std::string url = creds_.auth_url + "/OS-REVOKE/events";
        if (!last_event_time_.empty()) {
            url += "?since=" + last_event_time_;
        }
        auto res = client_.request(http::Verb::get, url, h);
        if (res.status != 200) {
            return;
        }
        const auto& events = res.json().as_object().at("events").as_array();
        std::lock_guard lock(mu_);
        std::string newest = last_event_time_;
        for (const auto& e : events) {
            auto at = str(e.as_object(), "revoked_at");
            if (at > newest) {
                newest = at;
            }
        }
        if (newest != last_event_time_) {
            // Revocations are rare: dropping every cached token is simplest and safe.
            cache_.clear();
            last_event_time_ = newest;
        }
    } catch (const std::exception& e) {
        spdlog::warn("auth: revocation poll failed: {}", e.what());
    }
}

std::optional<RequestContext> RemoteTokenValidator::validate(std::string_view token) {
    poll_revocations();
    auto now = std::chrono::steady_clock::now();
    std::string key(token);
    {
        std::lock_guard lock(mu_);
        if (auto it = cache_.find(key); it != cache_.end()) {
            if (it->second.until > now &&
                it->second.ctx.expires_at > std::chrono::system_clock::now()) {
                return it->second.ctx;
            }
            cache_.erase(it);
        }
    }
    http::Headers h;
    h.set("X-Auth-Token", service_token());
    h.set("X-Subject-Token", key);
    http::ClientResponse res;
    try {
        res = client_.request(http::Verb::get, creds_.auth_url + "/auth/tokens?nocatalog", h);
    } catch (const std::exception& e) {
        spdlog::error("auth: identity unreachable: {}", e.what());
        return std::nullopt;
    }
    if (res.status != 200) {
        return std::nullopt;
    }
    auto ctx = context_from_token_json(res.json().as_object());
    std::lock_guard lock(mu_);
    if (cache_.size() >= options_.max_cached) {
        cache_.clear();
    }
    cache_[key] = Cached{ctx, now + options_.cache_time};
    return ctx;
}

}  // namespace onestack::auth
