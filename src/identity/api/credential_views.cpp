#include "identity/api/credential_views.hpp"

#include <boost/json.hpp>

#include "identity/api/common.hpp"
#include "identity/delegation/ec2_credentials.hpp"

namespace onestack::identity::api {

namespace json = boost::json;

namespace {

json::value nullable(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace

json::object credential_view(const onestack::http::Request& req, const Credential& cred) {
    json::object out = cred.extra;
    out["id"] = cred.id;
    out["user_id"] = cred.user_id;
    out["project_id"] =
        cred.project_id.empty() ? json::value(nullptr) : json::value(cred.project_id);
    out["type"] = cred.type;
    out["blob"] = cred.blob;
    out["links"] = self_links(req, "/v3/credentials/" + cred.id);
    return out;
}

json::object ec2_credential_view(const onestack::http::Request& req, const Credential& cred) {
    auto blob = delegation::parse_ec2_blob(cred.blob).value_or(delegation::Ec2Blob{});
    return {{"user_id", cred.user_id},
            {"tenant_id",
             cred.project_id.empty() ? json::value(nullptr) : json::value(cred.project_id)},
            {"access", nullable(blob.access)},
            {"secret", nullable(blob.secret)},
            {"trust_id", nullable(blob.trust_id)},
            {"links", self_links(req, "/v3/users/" + cred.user_id + "/credentials/OS-EC2/" +
                                          blob.access.value_or(""))}};
}

}  // namespace onestack::identity::api
