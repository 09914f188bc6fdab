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

}  // namespace

http::Response render_fault(FaultFormat format, const Fault& fault, const std::string& request_id) {
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
            res = http::Response::text(status, std::to_string(status) + " " + title + "\n\n" +
                                                   fault.message() + "\n\n   ");
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
