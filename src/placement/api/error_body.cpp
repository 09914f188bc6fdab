#include "placement/api/error_body.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "placement/api/common.hpp"

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

// webob.util.html_escape: html.escape(quote=True), non-ASCII as &#N;.
std::string html_escape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '&':
                out += "&amp;";
                continue;
            case '<':
                out += "&lt;";
                continue;
            case '>':
                out += "&gt;";
                continue;
            case '"':
                out += "&quot;";
                continue;
            case '\'':
                out += "&#x27;";
                continue;
            default:
                break;
        }
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            continue;
        }
        // One UTF-8 sequence to its code point.
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        unsigned long cp = c & (0x3F >> extra);
        for (int k = 0; k < extra && i + 1 < s.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F);
        }
        out += "&#" + std::to_string(cp) + ";";
    }
    return out;
}

bool starts_with_br(std::string_view s, std::size_t at) {
    return at + 2 < s.size() && (s[at + 1] == 'b' || s[at + 1] == 'B') &&
           (s[at + 2] == 'r' || s[at + 2] == 'R');
}

// Replaces every "<...>" (non-greedy) for which pick(at) holds with repl.
std::string replace_tags(std::string_view s, std::string_view repl,
                         bool (*pick)(std::string_view, std::size_t)) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto open = s.find('<', i);
        if (open == std::string_view::npos) {
            break;
        }
        auto close = s.find('>', open + 1);
        if (close == std::string_view::npos) {
            break;
        }
        if (!pick(s, open)) {
            out.append(s.substr(i, open + 1 - i));
            i = open + 1;
            continue;
        }
        out.append(s.substr(i, open - i));
        out.append(repl);
        i = close + 1;
    }
    out.append(s.substr(std::min(i, s.size())));
    return out;
}

void erase_all(std::string& s, std::string_view what) {
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at)) {
        s.erase(at, what.size());
    }
}

}  // namespace

std::string strip_tags(std::string_view value) {
    std::string s;
    for (char c : value) {
        if (c == '\n') {
            s.push_back(' ');
        } else if (c != '\r') {
            s.push_back(c);
        }
    }
    s = replace_tags(s, "\n", starts_with_br);
    erase_all(s, "<!--");
    erase_all(s, "-->");
    return replace_tags(s, "", [](std::string_view, std::size_t) { return true; });
}

std::string webob_body(unsigned status, const std::string& detail, const WebobEnv& env, bool html) {
    auto esc = [html](std::string_view v) { return html ? html_escape(v) : std::string(v); };
    const std::string d = esc(detail);
    switch (status) {
        case 405:
            return "The method " + esc(env.method) +
                   " is not allowed for this resource. <br /><br />\n" + d;
        case 406:
            return "The resource could not be generated that was acceptable to your browser\n"
                   "(content of type " +
                   esc(env.accept) + ". <br /><br />\n" + d;
        case 415:
            return "The request media type " + esc(env.content_type) +
                   " is not supported by this server.\n<br /><br />\n" + d;
        default:
            return esc(explanation(status)) + "<br /><br />\n" + d + "\n\n";
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
    if (ec || !parsed.is_object() || !parsed.as_object().contains("errors") ||
        parsed.as_object()["errors"].as_array().empty()) {
        return;
    }
    WebobEnv env{"", "application/json", ""};
    std::string match = "application/json";
    if (req) {
        env.method = std::string(boost::beast::http::to_string(req->method));
        env.accept = effective_accept(*req);
        env.content_type = std::string(req->header("Content-Type"));
        // webob.exc.WSGIHTTPException.generate_response picks the body.
        auto offers = acceptable_offers(env.accept, {"text/html", "application/json"});
        match = offers.empty() ? "text/plain" : offers.front();
    }
    auto& err = parsed.as_object()["errors"].as_array().front().as_object();
    std::string detail(err["detail"].as_string());
    // The router's own words stand for webob's empty detail / placement's 405 text.
    if (res.status == 404 && detail == "The resource could not be found.") {
        detail.clear();
    } else if (res.status == 405 && detail == "The method is not allowed for the requested URL.") {
        detail = "The method specified is not allowed for this resource.";
    }
    const std::string status_line =
        std::to_string(res.status) + " " + std::string(err["title"].as_string());
    if (match == "text/html") {
        res.body = "<html>\n <head>\n  <title>" + status_line +
                   "</title>\n </head>\n <body>\n  <h1>" + status_line + "</h1>\n  " +
                   webob_body(res.status, detail, env, true) + "\n </body>\n</html>";
        res.set("Content-Type", "text/html; charset=UTF-8");
        return;
    }
    if (match == "text/plain") {
        res.body = status_line + "\n\n" + strip_tags(webob_body(res.status, detail, env, false));
        res.set("Content-Type", "text/plain; charset=UTF-8");
        return;
    }
    err["detail"] = strip_tags(webob_body(res.status, detail, env, false));
    // util.json_error_formatter: "code" from 1.23 on.
    if (!version || *version < onestack::api::Version{1, 23}) {
        err.erase("code");
    }
    if (res.status == 406 && !version) {
        err["max_version"] = onestack::api::placement_microversions().max.str();
        err["min_version"] = onestack::api::placement_microversions().min.str();
    }
    res.body = boost::json::serialize(parsed);
}

}  // namespace onestack::placement::api
