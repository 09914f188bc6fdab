#include "placement/api/error_body.hpp"

#include <boost/json.hpp>

namespace onestack::placement::api {

namespace {

// webob.exc explanations, whitespace-normalised as webob does.
std::string explanation(unsigned status) {
    switch (status) {
        case 400:
        case 405:
        case 406:
        case 415:
            return "The server could not comply with the request since it is either malformed or "
                   "otherwise incorrect.";
        case 401:
            return "This server could not verify that you are authorized to access the document "
                   "you requested. Either you supplied the wrong credentials (e.g., bad "
                   "password), or your browser does not understand how to supply the "
                   "credentials required.";
        case 403:
            return "Access was denied to this resource.";
        case 404:
            return "The resource could not be found.";
        case 409:
            return "There was a conflict when trying to complete your request.";
        case 413:
            return "The body of your request was too large for this server.";
        case 503:
            return "The server is currently unavailable. Please try again at a later time.";
        default:
            return "The server has either erred or is incapable of performing the requested "
                   "operation.";
    }
}

// webob.exc.strip_tags on the substituted detail: newlines become spaces.
std::string flattened(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') {
            out.push_back(' ');
        } else if (c != '\r') {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::string webob_detail(unsigned status, const std::string& detail, const std::string& method,
                         const std::string& accept, const std::string& content_type) {
    const std::string d = flattened(detail);
    switch (status) {
        case 405:
            return "The method " + method + " is not allowed for this resource. \n\n " + d;
        case 406:
            return "The resource could not be generated that was acceptable to your browser "
                   "(content of type " +
                   accept + ". \n\n " + d;
        case 415:
            return "The request media type " + content_type +
                   " is not supported by this server. \n\n " + d;
        default:
            return explanation(status) + "\n\n " + d + "  ";
    }
}

void finish_error_body(const onestack::http::Request* req,
                       const std::optional<onestack::api::Version>& version,
                       onestack::http::Response& res) {
    if (res.status == 401) {
        // keystonemiddleware answers before placement sees the request.
        res.body = boost::json::serialize(boost::json::value{
            {"error",
             {{"code", 401},
              {"title", "Unauthorized"},
              {"message", "The request you have made requires authentication."}}}});
        res.set("Content-Type", "application/json");
        return;
    }
    boost::system::error_code ec;
    auto parsed = boost::json::parse(res.body, ec);
    if (ec || !parsed.is_object() || !parsed.as_object().contains("errors")) {
        return;
    }
    std::string method, accept, content_type;
    if (req) {
        method = std::string(boost::beast::http::to_string(req->method));
        accept = std::string(req->header("Accept"));
        if (accept.empty() || accept == "*/*") {
            accept = "application/json";
        }
        content_type = std::string(req->header("Content-Type"));
    }
    for (auto& e : parsed.as_object()["errors"].as_array()) {
        auto& err = e.as_object();
        std::string detail(err["detail"].as_string());
        // The router's own words stand for webob's empty detail / placement's 405 text.
        if (res.status == 404 && detail == "The resource could not be found.") {
            detail.clear();
        } else if (res.status == 405 &&
                   detail == "The method is not allowed for the requested URL.") {
            detail = "The method specified is not allowed for this resource.";
        }
        err["detail"] = webob_detail(res.status, detail, method, accept, content_type);
        // util.json_error_formatter: "code" from 1.23 on.
        if (!version || *version < onestack::api::Version{1, 23}) {
            err.erase("code");
        }
        if (res.status == 406 && !version) {
            err["max_version"] = onestack::api::placement_microversions().max.str();
            err["min_version"] = onestack::api::placement_microversions().min.str();
        }
    }
    res.body = boost::json::serialize(parsed);
}

}  // namespace onestack::placement::api
