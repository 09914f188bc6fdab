// Placement's error bodies as webob renders them, by Accept.
#include <gtest/gtest.h>

#include "common/api/fault.hpp"
#include "common/api/fault_format.hpp"
#include "placement/api/common.hpp"
#include "placement/api/error_body.hpp"

namespace onestack::placement::api {
namespace {

onestack::http::Response not_found(const std::string& detail) {
    return onestack::api::render_fault(onestack::api::FaultFormat::Placement,
                                       onestack::api::Fault(404, detail), "req-1");
}

onestack::http::Request get(const std::string& accept) {
    onestack::http::Request req;
    if (!accept.empty()) {
        req.headers.set("Accept", accept);
    }
    return req;
}

TEST(PlacementErrorBody, StripTagsAsWebob) {
    EXPECT_EQ(strip_tags("a<br />b\nc<!-- x --><b>d</b>"), "a\nb c x d");
    EXPECT_EQ(strip_tags("1 < 2"), "1 < 2");
}

TEST(PlacementErrorBody, AcceptableOffersBestFirst) {
    using V = std::vector<std::string>;
    EXPECT_EQ(acceptable_offers("text/html", {"text/html", "application/json"}), V{"text/html"});
    EXPECT_EQ(
        acceptable_offers("application/json;q=0.5, text/*", {"application/json", "text/html"}),
        (V{"text/html", "application/json"}));
    EXPECT_EQ(acceptable_offers("*/*, application/json;q=0", {"application/json"}), V{});
    EXPECT_EQ(acceptable_offers("text/plain", {"text/html", "application/json"}), V{});
}

TEST(PlacementErrorBody, JsonWithoutAcceptOrForAnyType) {
    for (const auto* accept : {"", "*/*", "application/json"}) {
        auto res = not_found("No resource provider with uuid x found");
        auto req = get(accept);
        finish_error_body(&req, onestack::api::Version{1, 0}, res);
        EXPECT_EQ(res.headers["Content-Type"], "application/json") << accept;
        EXPECT_NE(res.body.find("The resource could not be found.\\n\\n No resource provider with "
                                "uuid x found  "),
                  std::string::npos)
            << res.body;
        EXPECT_EQ(res.body.find("\"code\""), std::string::npos);  // only from 1.23
    }
}

TEST(PlacementErrorBody, HtmlPageWhenHtmlIsAccepted) {
    auto res = not_found("<no> such thing");
    auto req = get("text/html");
    finish_error_body(&req, onestack::api::Version{1, 0}, res);
    EXPECT_EQ(res.headers["Content-Type"], "text/html; charset=UTF-8");
    EXPECT_EQ(res.body,
              "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not "
              "Found</h1>\n  The resource could not be found.<br /><br />\n&lt;no&gt; such "
              "thing\n\n\n </body>\n</html>");
}

TEST(PlacementErrorBody, PlainTextWhenNeitherIsAccepted) {
    auto res = not_found("gone");
    auto req = get("text/plain");
    finish_error_body(&req, onestack::api::Version{1, 0}, res);
    EXPECT_EQ(res.headers["Content-Type"], "text/plain; charset=UTF-8");
    EXPECT_EQ(res.body, "404 Not Found\n\nThe resource could not be found.\n\n gone  ");
}

}  // namespace
}  // namespace onestack::placement::api
