#pragma once
// Placement's error bodies as upstream actually sends them: webob wraps the
// handler's detail in its status template ("The resource could not be
// found.\n\n <detail>  "), placement's json_error_formatter adds "code"
// only from microversion 1.23 and min/max versions when the version itself
// was refused, and keystonemiddleware answers 401 in keystone's format.
#include <optional>

#include "common/api/microversion.hpp"
#include "common/http/message.hpp"

namespace onestack::placement::api {

// Rewrites res (an error in the generic placement format) in place.
// version: the negotiated one, nullopt when negotiation failed.
void finish_error_body(const onestack::http::Request* req,
                       const std::optional<onestack::api::Version>& version,
                       onestack::http::Response& res);

// webob's text around a detail for a status (exposed for tests).
std::string webob_detail(unsigned status, const std::string& detail, const std::string& method,
                         const std::string& accept, const std::string& content_type);

}  // namespace onestack::placement::api
