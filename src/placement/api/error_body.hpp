#pragma once
// Placement's error bodies as upstream actually sends them: webob wraps the
// handler's detail in its status template ("The resource could not be
// found.\n\n <detail>  ") and picks the body by Accept (placement's
// json_error_formatter for JSON, else webob's HTML page or plain text);
// the JSON form has "code" only from microversion 1.23 and min/max versions
// when the version itself was refused, and keystonemiddleware answers 401 in
// keystone's format.
#include <optional>
#include <string>

#include "common/api/microversion.hpp"
#include "common/http/message.hpp"

namespace onestack::placement::api {

// Rewrites res (an error in the generic placement format) in place.
// version: the negotiated one, nullopt when negotiation failed.
void finish_error_body(const onestack::http::Request* req,
                       const std::optional<onestack::api::Version>& version,
                       onestack::http::Response& res);

// What webob's request environment gives its templates.
struct WebobEnv {
    std::string method;        // REQUEST_METHOD
    std::string accept;        // HTTP_ACCEPT (after placement's requestlog)
    std::string content_type;  // CONTENT_TYPE
};

// webob's body template for a status, filled in; html escapes the values.
std::string webob_body(unsigned status, const std::string& detail, const WebobEnv& env, bool html);
// webob.exc.strip_tags.
std::string strip_tags(std::string_view value);

}  // namespace onestack::placement::api
