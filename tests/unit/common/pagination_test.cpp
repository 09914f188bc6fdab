// Limit/marker paging. The expected links were printed by nova 26's
// ViewBuilder._get_next_link and glance 25's images ResponseSerializer.index
// for the same requests.
#include "common/api/pagination.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/api/fault.hpp"

using namespace onestack;
using api::PagingDialect;

namespace {

http::Request get(std::string path, std::string query,
                  std::string host = "compute.example.com:8774") {
    http::Request r;
    r.path = std::move(path);
    r.query_string = std::move(query);
    r.target = r.path + (r.query_string.empty() ? "" : "?" + r.query_string);
    r.headers.insert("Host", host);
    return r;
}

std::string fault_of(std::string_view query, PagingDialect dialect) {
    try {
        api::parse_page(http::QueryParams(query), 1000, dialect);
    } catch (const api::Fault& f) {
        return std::to_string(f.status()) + ": " + f.message();
    }
    return "no fault";
}

}  // namespace

TEST(PaginationParse, AbsentMeansNoLimitAndNoMarker) {
    auto page = api::parse_page(http::QueryParams("name=x"), 1000);
    EXPECT_EQ(page.limit, std::nullopt);
    EXPECT_EQ(page.marker, std::nullopt);
    EXPECT_EQ(page.limit_or(25), 25u);
}

TEST(PaginationParse, ReadsLimitAndMarker) {
    auto page = api::parse_page(http::QueryParams("limit=10&marker=abc-123"), 1000);
    EXPECT_EQ(page.limit, 10u);
    EXPECT_EQ(page.marker, "abc-123");
    EXPECT_EQ(page.limit_or(25), 10u);
}

TEST(PaginationParse, AcceptsWhatPythonsIntAccepts) {
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=%2B7"), 1000).limit, 7u);
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=+8+"), 1000).limit, 8u);  // ' 8 '
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=1_0"), 1000).limit, 10u);
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=007"), 1000).limit, 7u);
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=-0"), 1000).limit, 0u);
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=0"), 1000).limit, 0u);
}

TEST(PaginationParse, CapsAtMaxLimit) {
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=5000"), 1000).limit, 1000u);
    EXPECT_EQ(api::parse_page(http::QueryParams("limit=99999999999999999999999"), 1000).limit,
              1000u);
}

TEST(PaginationParse, NovaUsesTheLastValueGlanceTheFirst) {
    http::QueryParams q("limit=5&limit=7&marker=a&marker=b");
    auto nova = api::parse_page(q, 1000, PagingDialect::nova);
    auto glance = api::parse_page(q, 1000, PagingDialect::glance);
    EXPECT_EQ(nova.limit, 7u);
    EXPECT_EQ(nova.marker, "b");
    EXPECT_EQ(glance.limit, 5u);
    EXPECT_EQ(glance.marker, "a");
}

TEST(PaginationParse, BadLimitsAre400InEachDialect) {
    for (const char* bad :
         {"limit=abc", "limit=", "limit=1.5", "limit=1__0", "limit=_1", "limit=0x10"}) {
        EXPECT_EQ(fault_of(bad, PagingDialect::nova),
                  "400: Invalid input received: limit must be an integer")
            << bad;
        EXPECT_EQ(fault_of(bad, PagingDialect::glance), "400: limit param must be an integer")
            << bad;
    }
    EXPECT_EQ(fault_of("limit=-1", PagingDialect::nova),
              "400: Invalid input received: limit must be >= 0");
    EXPECT_EQ(fault_of("limit=-1", PagingDialect::glance), "400: limit param must be positive");
}

TEST(PaginationLinks, NovaSortsParametersAndAppendsMarker) {
    auto r = get("/v2.1/servers/detail", "limit=2&sort_key=name");
    EXPECT_EQ(api::next_link(r, "id-9 x/\xc3\xa9", PagingDialect::nova),
              "http://compute.example.com:8774/v2.1/servers/"
              "detail?limit=2&sort_key=name&marker=id-9+x%2F%C3%A9");
}

TEST(PaginationLinks, NovaReplacesAnExistingMarkerInPlace) {
    auto r = get("/v2.1/servers/detail", "sort_key=name&marker=abc&limit=2&a=2&a=1");
    EXPECT_EQ(api::next_link(r, "id-9 x/\xc3\xa9", PagingDialect::nova),
              "http://compute.example.com:8774/v2.1/servers/"
              "detail?a=2&limit=2&marker=id-9+x%2F%C3%A9&sort_key=name");
}

TEST(PaginationLinks, NovaReencodesDecodedValues) {
    auto r = get("/v2.1/servers/detail", "name=my+vm&status=ACTIVE%2CBUILD&limit=1");
    EXPECT_EQ(api::next_link(r, "id-9 x/\xc3\xa9", PagingDialect::nova),
              "http://compute.example.com:8774/v2.1/servers/"
              "detail?limit=1&name=my+vm&status=ACTIVE%2CBUILD&marker=id-9+x%2F%C3%A9");
    auto bare = get("/v2.1/servers/detail", "");
    EXPECT_EQ(api::next_link(bare, "id-9 x/\xc3\xa9", PagingDialect::nova),
              "http://compute.example.com:8774/v2.1/servers/detail?marker=id-9+x%2F%C3%A9");
}

TEST(PaginationLinks, GlanceKeepsRequestOrderAndMovesMarkerLast) {
    EXPECT_EQ(api::next_link(get("/v2/images", "limit=2&sort_key=name"), "id-9 x/\xc3\xa9",
                             PagingDialect::glance),
              "/v2/images?limit=2&sort_key=name&marker=id-9+x%2F%C3%A9");
    EXPECT_EQ(api::next_link(get("/v2/images", "marker=abc&limit=2&a=2&a=1&visibility=public"),
                             "id-9 x/\xc3\xa9", PagingDialect::glance),
              "/v2/images?limit=2&a=1&visibility=public&marker=id-9+x%2F%C3%A9");
    EXPECT_EQ(api::next_link(get("/v2/images", "name=my+vm&limit=1"), "id-9 x/\xc3\xa9",
                             PagingDialect::glance),
              "/v2/images?name=my+vm&limit=1&marker=id-9+x%2F%C3%A9");
}

TEST(PaginationLinks, NovaCollectionLinksOnlyForAFullPage) {
    auto r = get("/v2.1/flavors", "limit=2");
    auto full = api::collection_links(r, 2, 2, "f2");
    ASSERT_EQ(full.size(), 1u);
    EXPECT_EQ(
        full[0],
        boost::json::parse(
            R"({"rel": "next", "href": "http://compute.example.com:8774/v2.1/flavors?limit=2&marker=f2"})"));
    EXPECT_TRUE(api::collection_links(r, 2, 1, "f1").empty());
    EXPECT_TRUE(api::collection_links(r, 0, 0, "").empty());
}

TEST(PaginationLinks, UsesTheForwardedScheme) {
    auto r = get("/v2.1/servers", "");
    r.headers.insert("X-Forwarded-Proto", "https");
    EXPECT_EQ(api::next_link(r, "m", PagingDialect::nova),
              "https://compute.example.com:8774/v2.1/servers?marker=m");
}
