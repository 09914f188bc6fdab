#pragma once
// Renders a Fault in each service's upstream error dialect: what clients parse.
#include <string>

#include "common/api/fault.hpp"
#include "common/http/message.hpp"

namespace onestack::api {

enum class FaultFormat {
    Keystone,   // {"error": {"code": 404, "message": "...", "title": "Not Found"}}
    Nova,       // {"itemNotFound": {"code": 404, "message": "..."}} (Cinder too)
    Placement,  // {"errors": [{"status": 404, "title": ..., "detail": ..., "code": ...,
                // "request_id": ...}]}
    Neutron,    // {"NeutronError": {"type": ..., "message": ..., "detail": ""}}
    Glance,     // webob's error page, by Accept: HTML (text/html or */*), JSON, else text
    PlainText,  // Swift: the reason phrase or message as text
};

// accept: the request's Accept header (webob picks the Glance body by it).
http::Response render_fault(FaultFormat format, const Fault& fault, const std::string& request_id,
                            std::string_view accept = {});

}  // namespace onestack::api
