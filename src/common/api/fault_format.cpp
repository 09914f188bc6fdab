#include "common/api/fault_format.hpp"

#include <boost/json.hpp>

namespace onestack::api {
namespace {

// nova/api/openstack/wsgi.py: _fault_names
std::string_view nova_fault_name(unsigned status) {
    switch (status) {
        case 400:
            return "badRequest";
        case 401:
            return "unauthorized";
        case 403:
            return "forbidden";
        case 404:
            return "itemNotFound";
        case 405:
            return "badMethod";
        case 409:
            return "conflictingRequest";
        case 413:
            return "overLimit";
        case 415:
            return "badMediaType";
        case 429:
            return "overLimit";
        case 501:
            return "notImplemented";
        case 503:
            return "serviceUnavailable";
        default:
            return "computeFault";
    }
}

// neutron-lib exception class names clients key on.
std::string_view neutron_type(unsigned status) {
    switch (status) {
        case 400:
            return "BadRequest";
        case 401:
            return "NotAuthorized";
        case 403:
            return "PolicyNotAuthorized";
        case 404:
            return "NotFound";
        case 409:
            return "Conflict";
        case 413:
            return "OverQuota";
        case 503:
            return "ServiceUnavailable";
        default:
            return "NeutronException";
    }
}

// html.escape(quote=True), as webob escapes the explanation.
std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#x27;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

// webob.exc.WSGIHTTPException.generate_response: an HTML page when the client
// accepts html or */*, JSON when it asks for json, plain text otherwise.
// glanceclient and openstacksdk strip the tags of the HTML form.
http::Response glance_fault(unsigned status, const std::string& title, const std::string& message,
                            std::string_view accept) {
    const std::string status_line = std::to_string(status) + " " + title;
    if (accept.find("html") != std::string_view::npos ||
        accept.find("*/*") != std::string_view::npos) {
        return http::Response::text(status,
                                    "<html>\n <head>\n  <title>" + status_line +
                                        "</title>\n </head>\n <body>\n  <h1>" + status_line +
                                        "</h1>\n  " + html_escape(message) +
                                        "<br /><br />\n\n\n\n </body>\n</html>",
                                    "text/html; charset=UTF-8");
    }
    if (accept.find("json") != std::string_view::npos) {
        return http::Response::json(status, {{"message", message + "<br /><br />\n\n\n"},
                                             {"code", status_line},
                                             {"title", title}});
    }
    std::string flat = message;
    for (auto& c : flat) {
        c = c == '\n' ? ' ' : c;
    }
    return http::Response::text(status, status_line + "\n\n" + flat + "\n\n   ");
}

}  // namespace

http::Response render_fault(FaultFormat format, const Fault& fault, const std::string& request_id,
                            std::string_view accept) {
    const unsigned status = fault.status();
    const std::string title(reason_phrase(status));
    http::Response res;
    switch (format) {
        case FaultFormat::Keystone:
            res = http::Response::json(
                status,
                {{"error", {{"code", status}, {"message", fault.message()}, {"title", title}}}});
            break;
        case FaultFormat::Nova: {
            boost::json::object inner{{"code", status}, {"message", fault.message()}};
            res = http::Response::json(status, {{nova_fault_name(status), inner}});
            break;
        }
        case FaultFormat::Placement: {
            boost::json::object err{
                {"status", status},
                {"title", title},
                {"detail", fault.message()},
                {"code", fault.code().empty() ? "placement.undefined_code" : fault.code()},
                {"request_id", request_id}};
            res = http::Response::json(status, {{"errors", boost::json::array{err}}});
            break;
        }
        case FaultFormat::Neutron: {
            std::string type =
                fault.code().empty() ? std::string(neutron_type(status)) : fault.code();
            res = http::Response::json(
                status,
                {{"NeutronError", {{"type", type}, {"message", fault.message()}, {"detail", ""}}}});
            break;
        }
        case FaultFormat::Glance:
            res = glance_fault(status, title, fault.message(), accept);
            break;
        case FaultFormat::PlainText:
            res = http::Response::text(status, fault.message().empty() ? title : fault.message());
            break;
    }
    for (const auto& [name, value] : fault.headers) {
        res.headers.set(name, value);
    }
    return res;
}

}  // namespace onestack::api
